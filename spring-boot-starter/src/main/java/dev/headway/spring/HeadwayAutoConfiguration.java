package dev.headway.spring;

import dev.headway.AccessPolicy;
import dev.headway.ProgressTracker;
import dev.headway.jdbc.JdbcJobStore;
import dev.headway.spi.JobStore;
import dev.headway.spi.TrackerObserver;
import dev.headway.sse.JobEndpoints;
import dev.headway.sse.JobServlet;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The tracker, its store, the endpoints and their servlet. Every bean steps aside for one the application declares.
 *
 * <p>Shutdown: the endpoints end their streams first ({@link EndpointsLifecycle}, before the web server's graceful
 * shutdown, which would otherwise wait for open streams), then the web server stops, then the tracker closes
 * gracefully as a bean.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@EnableConfigurationProperties(HeadwayProperties.class)
public class HeadwayAutoConfiguration {

  /**
   * The store: a {@link JdbcJobStore} on the application's {@code DataSource} when there is exactly one (and
   * {@code headway.jdbc.enabled} is not false), else in memory.
   *
   * @param dataSource the application's data source, if any
   * @param properties the properties
   * @return the store
   */
  @Bean
  @ConditionalOnMissingBean
  public JobStore headwayJobStore(ObjectProvider<DataSource> dataSource, HeadwayProperties properties) {
    DataSource ds = properties.getJdbc().isEnabled() ? dataSource.getIfUnique() : null;
    if (ds == null) {
      return JobStore.inMemory();
    }
    JdbcJobStore.Builder builder = JdbcJobStore.builder().dataSource(ds);
    set(properties.getJdbc().getSchemaMode(), builder::schema);
    set(properties.getJdbc().getTablePrefix(), builder::tablePrefix);
    return builder.build();
  }

  /**
   * The tracker, from the {@code headway.*} properties.
   *
   * @param store the store
   * @param properties the properties
   * @param policy the application's access policy, if it declares one
   * @param observer the metrics observer, if there is one
   * @param retryHandlers the application's retry handlers, one per job type
   * @return the tracker; closed gracefully with the context
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public ProgressTracker progressTracker(JobStore store, HeadwayProperties properties,
      ObjectProvider<AccessPolicy> policy, ObjectProvider<TrackerObserver> observer,
      ObjectProvider<HeadwayRetryHandler> retryHandlers) {
    ProgressTracker.Builder builder = ProgressTracker.builder().store(store);
    policy.ifAvailable(builder::accessPolicy);
    observer.ifUnique(builder::observer);
    retryHandlers.orderedStream().forEach(handler -> builder.retryHandler(handler.type(), handler));
    set(properties.getFlushInterval(), builder::flushInterval);
    set(properties.getKeepCompleted(), builder::keepCompleted);
    set(properties.getKeepFailed(), builder::keepFailed);
    set(properties.getStallAfter(), builder::stallAfter);
    set(properties.getRetention(), builder::retention);
    set(properties.getNodeId(), builder::nodeId);
    set(properties.getHeartbeatInterval(), builder::heartbeatInterval);
    set(properties.getStaleAfter(), builder::staleAfter);
    set(properties.getStatusWriteTimeout(), builder::statusWriteTimeout);
    set(properties.getActiveJobsOnClose(), builder::activeJobsOnClose);
    return builder.build();
  }

  /** The endpoints and their servlet, in a servlet web application. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  @ConditionalOnProperty(prefix = "headway.web", name = "enabled", matchIfMissing = true)
  public static class Web {

    /**
     * The caller's identity: the servlet request's user principal unless the application declares its own.
     *
     * @return the principal function
     */
    @Bean
    @ConditionalOnMissingBean
    public HeadwayPrincipal headwayPrincipal() {
      return HeadwayPrincipal.userPrincipal();
    }

    /**
     * The endpoints, from the {@code headway.web.*} properties.
     *
     * @param tracker the tracker
     * @param principal who the caller is
     * @param properties the properties
     * @return the endpoints; closed by {@link EndpointsLifecycle} before the web server stops
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public JobEndpoints headwayEndpoints(ProgressTracker tracker, HeadwayPrincipal principal,
        HeadwayProperties properties) {
      HeadwayProperties.Web web = properties.getWeb();
      JobEndpoints.Builder builder = JobEndpoints.builder(tracker).principal(principal::of);
      set(web.getHeartbeatInterval(), builder::heartbeatInterval);
      set(web.getProgressInterval(), builder::progressInterval);
      set(web.getMaxStreamsPerPrincipal(), builder::maxStreamsPerPrincipal);
      set(web.getMaxStreams(), builder::maxStreams);
      set(web.getMaxWait(), builder::maxWait);
      set(web.getRetry(), builder::retry);
      return builder.build();
    }

    /**
     * The servlet, with async support, under {@code headway.web.path}.
     *
     * @param endpoints the endpoints
     * @param properties the properties
     * @return the registration
     */
    @Bean
    @ConditionalOnMissingBean(name = "headwayServlet")
    public ServletRegistrationBean<JobServlet> headwayServlet(JobEndpoints endpoints, HeadwayProperties properties) {
      String path = properties.getWeb().getPath();
      String base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
      ServletRegistrationBean<JobServlet> registration =
          new ServletRegistrationBean<>(JobServlet.of(endpoints), base + "/*");
      registration.setName("headway");
      registration.setAsyncSupported(true);
      return registration;
    }

    /**
     * Ends the streams before the web server's graceful shutdown starts.
     *
     * @param endpoints the endpoints
     * @return the lifecycle
     */
    @Bean
    @ConditionalOnMissingBean
    public EndpointsLifecycle headwayEndpointsLifecycle(JobEndpoints endpoints) {
      return new EndpointsLifecycle(endpoints);
    }
  }

  private static <T> void set(T value, Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }
}
