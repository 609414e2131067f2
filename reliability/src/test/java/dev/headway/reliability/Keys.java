package dev.headway.reliability;

/**
 * Where a job's exclusive key shows: the snapshot does not carry the key itself, so the workers copy it into an
 * attribute, which lets the test count keys held by two active jobs from the stored rows.
 */
final class Keys {
  /** The attribute that repeats the job's exclusive key. */
  static final String ATTRIBUTE = "exclusiveKey";

  private Keys() {}
}
