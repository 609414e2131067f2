package dev.headway;

/**
 * A named step a job will go through, with its share of the work.
 *
 * @param name unique within the job, at most {@link Limits#MAX_STEP_NAME_LENGTH} characters
 * @param weight relative effort, finite and greater than zero (research 1, writing 2, seo 1)
 */
public record StepSpec(String name, double weight) {
  /** Checks name and weight. */
  public StepSpec {
    Limits.requireText("step name", name, Limits.MAX_STEP_NAME_LENGTH);
    if (!(weight > 0) || Double.isInfinite(weight)) {
      throw new IllegalArgumentException("weight of step '" + name + "' must be a finite number > 0, was " + weight);
    }
  }

  /**
   * Creates a step.
   *
   * @param name the step's name
   * @param weight its share of the work
   * @return the step
   */
  public static StepSpec of(String name, double weight) {
    return new StepSpec(name, weight);
  }
}
