package dev.headway;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a job is before it starts: built with {@link #builder(String, String)} and passed to
 * {@link ProgressTracker#start(JobSpec)}.
 *
 * <pre>{@code
 * JobSpec spec = JobSpec.builder("article", userId)
 *     .step("research", 1).step("writing", 2).step("seo", 1)
 *     .attribute("topic", "Solar power")
 *     .build();
 * }</pre>
 *
 * @param type what kind of work, for example {@code article}
 * @param owner the principal the job belongs to; by default only they may read or cancel it
 * @param tenant the owner's tenant, or null
 * @param parentId the bulk job this is a child of, or null
 * @param exclusiveKey at most one active job may hold this key, or null
 * @param attributes small string attributes shown with the job
 * @param steps the named, weighted steps in order; empty for a job that reports plain progress
 * @param total the job's unit count when it has no steps, or null
 * @param queued true to create the job {@code QUEUED}; a worker calls {@link Job#start()} later
 * @param expectedChildren how many children this job will have (0 when unknown); see {@link Job#sealChildren()}
 */
public record JobSpec(
    String type,
    String owner,
    String tenant,
    String parentId,
    String exclusiveKey,
    Map<String, String> attributes,
    List<StepSpec> steps,
    Long total,
    boolean queued,
    int expectedChildren) {

  /** Checks every field against {@link Limits} and freezes the collections. */
  public JobSpec {
    Limits.requireText("type", type, Limits.MAX_TYPE_LENGTH);
    Limits.requireText("owner", owner, Limits.MAX_PRINCIPAL_LENGTH);
    Limits.checkLength("tenant", tenant, Limits.MAX_PRINCIPAL_LENGTH);
    if (exclusiveKey != null) {
      Limits.requireText("exclusive key", exclusiveKey, Limits.MAX_KEY_LENGTH);
    }
    attributes = attributes == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    if (attributes.size() > Limits.MAX_ATTRIBUTES) {
      throw new IllegalArgumentException(
          "a job has " + attributes.size() + " attributes; the limit is " + Limits.MAX_ATTRIBUTES);
    }
    attributes.forEach((name, value) -> {
      Limits.requireText("attribute name", name, Limits.MAX_ATTRIBUTE_NAME_LENGTH);
      Objects.requireNonNull(value, () -> "attribute '" + name + "' has a null value");
      Limits.checkLength("attribute '" + name + "'", value, Limits.MAX_ATTRIBUTE_VALUE_LENGTH);
    });
    steps = steps == null ? List.of() : List.copyOf(steps);
    if (steps.size() > Limits.MAX_STEPS) {
      throw new IllegalArgumentException("a job has " + steps.size() + " steps; the limit is " + Limits.MAX_STEPS);
    }
    Set<String> names = new HashSet<>();
    for (StepSpec step : steps) {
      if (!names.add(step.name())) {
        throw new IllegalArgumentException("step '" + step.name() + "' is declared twice");
      }
    }
    if (total != null && total < 0) {
      throw new IllegalArgumentException("total must be >= 0, was " + total);
    }
    if (total != null && !steps.isEmpty()) {
      throw new IllegalArgumentException("total applies to a job without steps; give each step its own total");
    }
    if (expectedChildren < 0) {
      throw new IllegalArgumentException("expectedChildren must be >= 0, was " + expectedChildren);
    }
  }

  /**
   * Starts a spec.
   *
   * @param type what kind of work, for example {@code article}
   * @param owner the principal the job belongs to
   * @return a builder
   */
  public static Builder builder(String type, String owner) {
    return new Builder(type, owner);
  }

  /** Builds a {@link JobSpec}; not thread-safe. */
  public static final class Builder {
    private final String type;
    private final String owner;
    private String tenant;
    private String parentId;
    private String exclusiveKey;
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private final List<StepSpec> steps = new ArrayList<>();
    private Long total;
    private boolean queued;
    private int expectedChildren;

    private Builder(String type, String owner) {
      this.type = type;
      this.owner = owner;
    }

    /**
     * Sets the owner's tenant.
     *
     * @param tenant a tenant id
     * @return this builder
     */
    public Builder tenant(String tenant) {
      this.tenant = tenant;
      return this;
    }

    /**
     * Makes the job a child of a bulk job; the parent's progress then rolls up this job's.
     *
     * @param parentId the parent job's id
     * @return this builder
     */
    public Builder parent(String parentId) {
      this.parentId = parentId;
      return this;
    }

    /**
     * Allows at most one active job with this key (for example {@code docs:acme/api}); starting a second one
     * throws {@link ExclusiveKeyException} carrying the active job's id. The key is released when the job ends.
     *
     * @param key the key
     * @return this builder
     */
    public Builder exclusiveKey(String key) {
      this.exclusiveKey = key;
      return this;
    }

    /**
     * Adds a small string attribute.
     *
     * @param name the attribute's name
     * @param value its value
     * @return this builder
     */
    public Builder attribute(String name, String value) {
      attributes.put(name, value);
      return this;
    }

    /**
     * Adds the next step.
     *
     * @param name the step's name
     * @param weight its share of the work, greater than zero
     * @return this builder
     */
    public Builder step(String name, double weight) {
      steps.add(StepSpec.of(name, weight));
      return this;
    }

    /**
     * Sets the unit count of a job without steps ("page 3 of 40").
     *
     * @param total the number of units
     * @return this builder
     */
    public Builder total(long total) {
      this.total = total;
      return this;
    }

    /**
     * Creates the job {@code QUEUED}; the worker that picks it up calls {@link Job#start()}.
     *
     * @return this builder
     */
    public Builder queued() {
      this.queued = true;
      return this;
    }

    /**
     * Declares how many children this bulk job will have, so "0 of 50" shows before they exist; once that many
     * have been created the job is sealed (see {@link Job#sealChildren()}).
     *
     * @param count the number of children
     * @return this builder
     */
    public Builder expectedChildren(int count) {
      this.expectedChildren = count;
      return this;
    }

    /**
     * Builds the spec.
     *
     * @return the spec
     * @throws IllegalArgumentException naming the field when a value is invalid
     */
    public JobSpec build() {
      return new JobSpec(type, owner, tenant, parentId, exclusiveKey, attributes, steps, total, queued,
          expectedChildren);
    }
  }
}
