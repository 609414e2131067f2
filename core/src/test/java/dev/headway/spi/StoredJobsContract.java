package dev.headway.spi;

import static dev.headway.testing.SnapshotBuilder.job;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headway.ChildCounts;
import dev.headway.Eta;
import dev.headway.JobError;
import dev.headway.JobFilter;
import dev.headway.JobSnapshot;
import dev.headway.JobStatus;
import dev.headway.StepSnapshot;
import dev.headway.StepStatus;
import dev.headway.testing.SnapshotBuilder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The part of the store contract about keeping jobs: every field comes back exactly as written, and listing finds
 * the right jobs in the right order. {@link JobStoreContract} runs it against every store.
 */
public interface StoredJobsContract extends StoreContractSupport {

  @Test
  default void findReturnsEveryFieldExactlyAsInserted() {
    Instant started = T0.plusMillis(250);
    JobSnapshot full = job()
        .id(newId())
        .type(name("type"))
        .owner(name("ówner-ß"))
        .tenant(name("tenant"))
        .parentId(newId())
        .status(JobStatus.RUNNING)
        .percent(42.5)
        .message("Schreibe Überschrift — 写作中 ✓ 🚀 \"quoted\" 'single' \\ back\nnew line")
        .step("writing")
        .addStep(new StepSnapshot("research", 1.0, StepStatus.COMPLETED, 100.0, 3L, 3L, "fertig ✓",
            started, started.plusSeconds(10).plusNanos(123_456_000), null))
        .addStep(new StepSnapshot("writing", 2.5, StepStatus.RUNNING, 37.5, 3L, 8L, "Kapitel 3 von 8",
            started.plusSeconds(11), null, null))
        .addStep(new StepSnapshot("images", 0.5, StepStatus.FAILED, 10.0, null, null, null,
            started.plusSeconds(12), started.plusSeconds(13), "rate limit — 429"))
        .addStep(new StepSnapshot("seo", 1.0, StepStatus.PENDING, 0.0, null, null, null, null, null, null))
        .done(6L)
        .total(11L)
        .children(new ChildCounts(10, 2, 3, 2, 1, 1))
        .eta(new Eta(93_500, T0.plusSeconds(120).plusNanos(654_321_000), Eta.Confidence.MEDIUM))
        .elapsedMs(30_250L)
        .stalled(true)
        .createdAt(T0)
        .startedAt(started)
        .updatedAt(T0.plusSeconds(30).plusNanos(999_999_000))
        .error(new JobError("Zeitüberschreitung beim Modell ⏱", "images", started.plusSeconds(13)))
        // In the form PostgreSQL prints jsonb, so a store may keep results as jsonb and still return this text.
        .result("{\"n\": [1, 2.5, null, true], \"title\": \"Über 写作 🚀\"}")
        .cancelRequested(true)
        .cancelReason("vom Nutzer abgebrochen — ✗")
        .attribute("repo", "acme/wïdget")
        .attribute("lang", "日本語")
        .attribute("empty", "")
        .version(7)
        .build();

    store().insert(full, name("key"), node());

    assertThat(store().find(full.id())).contains(full);
  }

  @Test
  default void findReturnsAMinimalJobWithItsNullsAndEmptiesIntact() {
    JobSnapshot minimal = job()
        .id(newId())
        .type(name("type"))
        .owner(name("owner"))
        .status(JobStatus.QUEUED)
        .createdAt(T0)
        .startedAt(null)
        .updatedAt(T0)
        .version(1)
        .build();

    store().insert(minimal, null, node());

    JobSnapshot found = stored(minimal.id());
    assertThat(found).isEqualTo(minimal);
    assertThat(found.steps()).isEmpty();
    assertThat(found.attributes()).isEmpty();
    assertThat(found.tenant()).isNull();
    assertThat(found.result()).isNull();
  }

  @Test
  default void findOfAnUnknownIdIsEmpty() {
    assertThat(store().find(newId())).isEmpty();
  }

  @Test
  default void insertingAnExistingIdFailsNamingTheIdAndKeepsTheStoredJob() {
    JobSnapshot first = inserted(runningJob().message("first"));
    JobSnapshot again = SnapshotBuilder.from(first).message("second").version(9).build();

    assertThatThrownBy(() -> store().insert(again, null, node()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(first.id());
    assertThat(stored(first.id())).isEqualTo(first);
  }

  @Test
  default void findAllReturnsTheKnownJobsAndLeavesUnknownIdsOut() {
    JobSnapshot a = inserted(runningJob());
    JobSnapshot b = inserted(runningJob());
    assertThat(store().findAll(List.of(a.id(), newId(), b.id()))).containsExactlyInAnyOrder(a, b);
    assertThat(store().findAll(List.of())).isEmpty();
  }


  @Test
  default void listReturnsTheNewestFirstAndHonoursTheLimit() {
    List<JobSnapshot> jobs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      jobs.add(inserted(runningJob().createdAt(T0.plusSeconds(i)).updatedAt(T0.plusSeconds(i))));
    }
    JobFilter mine = JobFilter.owner(name("owner"));

    assertThat(ids(store().list(mine)))
        .containsExactly(jobs.get(4).id(), jobs.get(3).id(), jobs.get(2).id(), jobs.get(1).id(), jobs.get(0).id());
    assertThat(ids(store().list(mine.withLimit(2)))).containsExactly(jobs.get(4).id(), jobs.get(3).id());
    assertThat(ids(store().list(mine.withLimit(1)))).containsExactly(jobs.get(4).id());
  }

  @Test
  default void listReturnsTheStoredStates() {
    JobSnapshot v1 = inserted(runningJob());
    JobSnapshot v2 = next(v1).percent(80).message("nearly").build();
    writeApplied(v2);

    assertThat(store().list(JobFilter.owner(name("owner")))).containsExactly(v2);
  }

  @Test
  default void listFiltersByOwnerTenantTypeAndParent() {
    String owner = name("owner");
    String other = name("someone-else");
    String tenant = name("tenant");
    String type = name("type");
    String otherType = name("other-type");
    JobSnapshot parent = inserted(runningJob().owner(owner).tenant(tenant).createdAt(T0));
    JobSnapshot child1 = inserted(runningJob().owner(owner).tenant(tenant).parentId(parent.id())
        .createdAt(T0.plusSeconds(1)));
    JobSnapshot child2 = inserted(runningJob().owner(owner).tenant(tenant).parentId(parent.id()).type(otherType)
        .createdAt(T0.plusSeconds(2)));
    JobSnapshot noTenant = inserted(runningJob().owner(owner).createdAt(T0.plusSeconds(3)));
    JobSnapshot othersJob = inserted(runningJob().owner(other).tenant(tenant).createdAt(T0.plusSeconds(4)));

    assertThat(ids(store().list(JobFilter.owner(owner))))
        .containsExactly(noTenant.id(), child2.id(), child1.id(), parent.id());
    assertThat(ids(store().list(JobFilter.owner(other)))).containsExactly(othersJob.id());
    assertThat(ids(store().list(JobFilter.all().withTenant(tenant))))
        .containsExactly(othersJob.id(), child2.id(), child1.id(), parent.id());
    assertThat(ids(store().list(JobFilter.owner(owner).withTenant(tenant))))
        .containsExactly(child2.id(), child1.id(), parent.id());
    assertThat(ids(store().list(JobFilter.all().withType(otherType)))).containsExactly(child2.id());
    assertThat(ids(store().list(JobFilter.owner(owner).withType(type))))
        .containsExactly(noTenant.id(), child1.id(), parent.id());
    assertThat(ids(store().list(JobFilter.all().withParent(parent.id())))).containsExactly(child2.id(), child1.id());
    assertThat(ids(store().list(JobFilter.all().withParent(parent.id()).withType(type))))
        .containsExactly(child1.id());
    assertThat(store().list(JobFilter.owner(name("nobody")))).isEmpty();
  }

  @Test
  default void listFiltersByStatus() {
    JobSnapshot queued = inserted(runningJob().status(JobStatus.QUEUED).startedAt(null).createdAt(T0));
    JobSnapshot active = inserted(runningJob().createdAt(T0.plusSeconds(1)));
    JobSnapshot completed = inserted(runningJob().createdAt(T0.plusSeconds(2)));
    JobSnapshot failed = inserted(runningJob().createdAt(T0.plusSeconds(3)));
    JobSnapshot cancelled = inserted(runningJob().createdAt(T0.plusSeconds(4)));
    writeApplied(
        ended(completed, JobStatus.COMPLETED, T0.plusSeconds(10)).build(),
        ended(failed, JobStatus.FAILED, T0.plusSeconds(10)).build(),
        ended(cancelled, JobStatus.CANCELLED, T0.plusSeconds(10)).build());
    JobFilter mine = JobFilter.owner(name("owner"));

    assertThat(ids(store().list(mine.active()))).containsExactly(active.id(), queued.id());
    assertThat(ids(store().list(mine.finished()))).containsExactly(cancelled.id(), failed.id(), completed.id());
    assertThat(ids(store().list(mine.withStatuses(EnumSet.of(JobStatus.FAILED))))).containsExactly(failed.id());
    assertThat(ids(store().list(mine.withStatuses(EnumSet.of(JobStatus.QUEUED, JobStatus.COMPLETED)))))
        .containsExactly(completed.id(), queued.id());
    assertThat(ids(store().list(mine.withStatuses(Set.of()))))
        .containsExactly(cancelled.id(), failed.id(), completed.id(), active.id(), queued.id());
    assertThat(ids(store().list(mine.finished().withLimit(2)))).containsExactly(cancelled.id(), failed.id());
  }

}
