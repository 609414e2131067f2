package dev.headway.spring;

import dev.headway.ProgressTracker;
import dev.headway.micrometer.HeadwayMetrics;
import dev.headway.sse.JobEndpoints;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Headway's meters when Micrometer and {@code headway-micrometer} are present: Spring Boot binds every
 * {@link MeterBinder} bean to its registry.
 */
@AutoConfiguration(after = HeadwayAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, HeadwayMetrics.class})
public class HeadwayMetricsAutoConfiguration {

  /**
   * The tracker's meters; also the tracker's observer.
   *
   * @param properties the properties
   * @return the metrics
   */
  @Bean
  @ConditionalOnMissingBean
  public HeadwayMetrics headwayMetrics(HeadwayProperties properties) {
    HeadwayMetrics.Builder builder = HeadwayMetrics.builder().maxTypes(properties.getMetrics().getMaxTypes());
    if (!properties.getMetrics().getTypes().isEmpty()) {
      builder.types(properties.getMetrics().getTypes().toArray(String[]::new));
    }
    return builder.build();
  }

  /**
   * The meters that read the tracker itself (stalled jobs, write backlog).
   *
   * @param metrics the metrics
   * @param tracker the tracker
   * @return a binder for them
   */
  @Bean
  @ConditionalOnBean(ProgressTracker.class)
  public MeterBinder headwayTrackerMeters(HeadwayMetrics metrics, ProgressTracker tracker) {
    return registry -> metrics.bindTracker(registry, tracker);
  }

  /**
   * The endpoints' stream meters.
   *
   * @param metrics the metrics
   * @param endpoints the endpoints
   * @return a binder for them
   */
  @Bean
  @ConditionalOnBean(JobEndpoints.class)
  public MeterBinder headwayStreamMeters(HeadwayMetrics metrics, JobEndpoints endpoints) {
    return registry -> metrics.bindStreams(registry, endpoints, JobEndpoints::openStreams,
        JobEndpoints::resumedStreams);
  }
}
