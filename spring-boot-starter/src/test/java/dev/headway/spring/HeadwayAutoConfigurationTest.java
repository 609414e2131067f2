package dev.headway.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headway.AccessPolicy;
import dev.headway.JobSnapshot;
import dev.headway.JobSpec;
import dev.headway.ProgressTracker;
import dev.headway.jdbc.JdbcJobStore;
import dev.headway.micrometer.HeadwayMetrics;
import dev.headway.spi.JobStore;
import dev.headway.sse.JobEndpoints;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the auto-configuration makes from which beans and properties, without a server. */
class HeadwayAutoConfigurationTest {
  private final ApplicationContextRunner plain = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(HeadwayAutoConfiguration.class, HeadwayMetricsAutoConfiguration.class));
  private final WebApplicationContextRunner web = new WebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(HeadwayAutoConfiguration.class, HeadwayMetricsAutoConfiguration.class));

  @Test
  void withoutADataSourceJobsAreKeptInMemoryAndThereAreNoEndpointsOutsideAWebApp() {
    plain.run(context -> {
      assertThat(context).hasSingleBean(ProgressTracker.class).doesNotHaveBean(JobEndpoints.class);
      assertThat(context.getBean(JobStore.class)).isNotInstanceOf(JdbcJobStore.class);
    });
  }

  @Test
  void aDataSourceGetsAJdbcStoreWithTheConfiguredPrefix() {
    plain.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:starter;DB_CLOSE_DELAY=-1",
            "headway.jdbc.table-prefix=app_headway_")
        .run(context -> {
          assertThat(context.getBean(JobStore.class)).isInstanceOf(JdbcJobStore.class);
          ProgressTracker tracker = context.getBean(ProgressTracker.class);
          String id = tracker.start(JobSpec.builder("article", "alice").build()).id();
          assertThat(context.getBean(JobStore.class).find(id)).isPresent();
          try (var c = context.getBean(javax.sql.DataSource.class).getConnection();
              var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM app_headway_jobs")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
          }
        });
  }

  @Test
  void propertiesReachTheTrackerAndEndpoints() {
    web.withPropertyValues("headway.node-id=node-7", "headway.web.max-streams=3")
        .run(context -> {
          ProgressTracker tracker = context.getBean(ProgressTracker.class);
          JobSnapshot job = tracker.start(JobSpec.builder("article", "alice").build()).snapshot();
          assertThat(job).isNotNull();
          assertThat(context).hasSingleBean(JobEndpoints.class).hasBean("headwayServlet")
              .hasSingleBean(EndpointsLifecycle.class);
        });
  }

  @Test
  void webEnabledFalseMountsNothing() {
    web.withPropertyValues("headway.web.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(JobEndpoints.class).doesNotHaveBean("headwayServlet"));
  }

  @Test
  void theApplicationsOwnBeansWin() {
    web.withUserConfiguration(Own.class).run(context -> {
      assertThat(context.getBean(ProgressTracker.class).accessPolicy()).isSameAs(Own.POLICY);
      assertThat(context.getBean(HeadwayPrincipal.class)).isSameAs(Own.PRINCIPAL);
    });
  }

  @Test
  void retryHandlerBeansMakeTheirTypesRetryable() {
    java.util.List<String> retried = new java.util.concurrent.CopyOnWriteArrayList<>();
    plain.withBean("articleRetries", HeadwayRetryHandler.class,
            () -> HeadwayRetryHandler.of("article", (attempt, failed) -> {
              retried.add(failed.id());
              attempt.complete();
            }))
        .run(context -> {
          ProgressTracker tracker = context.getBean(ProgressTracker.class);
          dev.headway.Job job = tracker.start(JobSpec.builder("article", "alice").build());
          job.fail("boom");
          JobSnapshot attempt = tracker.retry(job.id(), "alice");
          assertThat(attempt.retryOf()).isEqualTo(job.id());
          assertThat(attempt.status()).isEqualTo(dev.headway.JobStatus.COMPLETED);
          assertThat(retried).containsExactly(job.id());
        });
  }

  @Test
  void metricsCountTheTrackersJobsByConfiguredTypes() {
    plain.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .withPropertyValues("headway.metrics.types=article")
        .run(context -> {
          MeterRegistry registry = context.getBean(MeterRegistry.class);
          context.getBean(HeadwayMetrics.class).bindTo(registry); // Boot's metrics auto-configuration does this
          ProgressTracker tracker = context.getBean(ProgressTracker.class);
          tracker.start(JobSpec.builder("article", "alice").build());
          tracker.start(JobSpec.builder("poem", "alice").build());
          assertThat(registry.get("headway.jobs.started").tag("type", "article").counter().count()).isEqualTo(1);
          assertThat(registry.get("headway.jobs.started").tag("type", "other").counter().count()).isEqualTo(1);
        });
  }

  /** An application that brings its own policy and principal function. */
  @Configuration(proxyBeanMethods = false)
  static class Own {
    static final AccessPolicy POLICY = new AccessPolicy() {
      @Override
      public boolean canRead(String principal, JobSnapshot job) {
        return true;
      }

      @Override
      public boolean canCancel(String principal, JobSnapshot job) {
        return false;
      }
    };
    static final HeadwayPrincipal PRINCIPAL = request -> request.header("X-Team");

    @Bean
    AccessPolicy policy() {
      return POLICY;
    }

    @Bean
    HeadwayPrincipal principal() {
      return PRINCIPAL;
    }
  }
}
