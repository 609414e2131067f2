package dev.headway.spring;

import dev.headway.ProgressTracker;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@code headway} health contributor, when Actuator is present. */
@AutoConfiguration(after = HeadwayAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(ProgressTracker.class)
@ConditionalOnEnabledHealthIndicator("headway")
public class HeadwayHealthAutoConfiguration {

  /**
   * The indicator.
   *
   * @param tracker the tracker
   * @return the indicator, named {@code headway}
   */
  @Bean(name = "headwayHealthIndicator")
  @ConditionalOnMissingBean(name = "headwayHealthIndicator")
  public HeadwayHealthIndicator headwayHealthIndicator(ProgressTracker tracker) {
    return new HeadwayHealthIndicator(tracker);
  }
}
