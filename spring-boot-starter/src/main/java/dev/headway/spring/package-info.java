/**
 * Spring Boot auto-configuration for Headway: a {@link dev.headway.ProgressTracker} from {@code headway.*}
 * properties, a JDBC store on the application's {@code DataSource}, the endpoints as a servlet, metrics and health
 * when Micrometer and Actuator are present, and the right shutdown order.
 */
package dev.headway.spring;
