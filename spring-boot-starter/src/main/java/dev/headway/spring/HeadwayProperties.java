package dev.headway.spring;

import dev.headway.ActiveJobsOnClose;
import dev.headway.jdbc.SchemaMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code headway.*} properties. Unset ones keep the library's defaults, which each builder documents.
 */
@ConfigurationProperties("headway")
public class HeadwayProperties {
  /** How often progress is written to the store. */
  private Duration flushInterval;
  /** How long completed jobs stay in memory. */
  private Duration keepCompleted;
  /** How long failed and cancelled jobs stay in memory. */
  private Duration keepFailed;
  /** When a running job without progress counts as stalled. */
  private Duration stallAfter;
  /** How long ended jobs stay in the store. */
  private Duration retention;
  /** This node's name in a cluster; default a random one. */
  private String nodeId;
  /** How often this node tells the store its jobs are alive. */
  private Duration heartbeatInterval;
  /** How long without a sign of life before another node ends a job as failed. */
  private Duration staleAfter;
  /** The longest a status call waits for the store. */
  private Duration statusWriteTimeout;
  /** What closing the tracker does with its active jobs. */
  private ActiveJobsOnClose activeJobsOnClose;
  private final Jdbc jdbc = new Jdbc();
  private final Web web = new Web();
  private final Metrics metrics = new Metrics();

  /** Micrometer meters, when Micrometer is present. */
  public static class Metrics {
    /** Job types that get their own tag value; others count as "other". Empty: the first maxTypes seen. */
    private List<String> types = new ArrayList<>();
    /** With no types named, how many distinct types keep their name. */
    private int maxTypes = 50;

    public List<String> getTypes() {
      return types;
    }

    public void setTypes(List<String> types) {
      this.types = types;
    }

    public int getMaxTypes() {
      return maxTypes;
    }

    public void setMaxTypes(int maxTypes) {
      this.maxTypes = maxTypes;
    }
  }

  public Metrics getMetrics() {
    return metrics;
  }

  /** The JDBC store, used when the application has a {@code DataSource}. */
  public static class Jdbc {
    /** Whether to use the application's DataSource; false keeps jobs in memory. */
    private boolean enabled = true;
    /** Create missing tables (CREATE) or only check them (VALIDATE, e.g. with Flyway). */
    private SchemaMode schemaMode;
    /** The tables' name prefix. */
    private String tablePrefix;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public SchemaMode getSchemaMode() {
      return schemaMode;
    }

    public void setSchemaMode(SchemaMode schemaMode) {
      this.schemaMode = schemaMode;
    }

    public String getTablePrefix() {
      return tablePrefix;
    }

    public void setTablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
    }
  }

  /** The HTTP endpoints and the browser client, mounted as a servlet. */
  public static class Web {
    /** Whether to mount the endpoints. */
    private boolean enabled = true;
    /** Where to mount them. */
    private String path = "/headway";
    /** How often an open stream gets a comment. */
    private Duration heartbeatInterval;
    /** The least time between two progress events of one job on one stream. */
    private Duration progressInterval;
    /** Open streams and waiting long-polls one caller may hold. */
    private Integer maxStreamsPerPrincipal;
    /** Open streams and waiting long-polls in all. */
    private Integer maxStreams;
    /** The longest a long-poll waits. */
    private Duration maxWait;
    /** The base reconnection delay hinted to clients. */
    private Duration retry;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    public Duration getHeartbeatInterval() {
      return heartbeatInterval;
    }

    public void setHeartbeatInterval(Duration heartbeatInterval) {
      this.heartbeatInterval = heartbeatInterval;
    }

    public Duration getProgressInterval() {
      return progressInterval;
    }

    public void setProgressInterval(Duration progressInterval) {
      this.progressInterval = progressInterval;
    }

    public Integer getMaxStreamsPerPrincipal() {
      return maxStreamsPerPrincipal;
    }

    public void setMaxStreamsPerPrincipal(Integer maxStreamsPerPrincipal) {
      this.maxStreamsPerPrincipal = maxStreamsPerPrincipal;
    }

    public Integer getMaxStreams() {
      return maxStreams;
    }

    public void setMaxStreams(Integer maxStreams) {
      this.maxStreams = maxStreams;
    }

    public Duration getMaxWait() {
      return maxWait;
    }

    public void setMaxWait(Duration maxWait) {
      this.maxWait = maxWait;
    }

    public Duration getRetry() {
      return retry;
    }

    public void setRetry(Duration retry) {
      this.retry = retry;
    }
  }

  public Jdbc getJdbc() {
    return jdbc;
  }

  public Web getWeb() {
    return web;
  }

  public Duration getFlushInterval() {
    return flushInterval;
  }

  public void setFlushInterval(Duration flushInterval) {
    this.flushInterval = flushInterval;
  }

  public Duration getKeepCompleted() {
    return keepCompleted;
  }

  public void setKeepCompleted(Duration keepCompleted) {
    this.keepCompleted = keepCompleted;
  }

  public Duration getKeepFailed() {
    return keepFailed;
  }

  public void setKeepFailed(Duration keepFailed) {
    this.keepFailed = keepFailed;
  }

  public Duration getStallAfter() {
    return stallAfter;
  }

  public void setStallAfter(Duration stallAfter) {
    this.stallAfter = stallAfter;
  }

  public Duration getRetention() {
    return retention;
  }

  public void setRetention(Duration retention) {
    this.retention = retention;
  }

  public String getNodeId() {
    return nodeId;
  }

  public void setNodeId(String nodeId) {
    this.nodeId = nodeId;
  }

  public Duration getHeartbeatInterval() {
    return heartbeatInterval;
  }

  public void setHeartbeatInterval(Duration heartbeatInterval) {
    this.heartbeatInterval = heartbeatInterval;
  }

  public Duration getStaleAfter() {
    return staleAfter;
  }

  public void setStaleAfter(Duration staleAfter) {
    this.staleAfter = staleAfter;
  }

  public Duration getStatusWriteTimeout() {
    return statusWriteTimeout;
  }

  public void setStatusWriteTimeout(Duration statusWriteTimeout) {
    this.statusWriteTimeout = statusWriteTimeout;
  }

  public ActiveJobsOnClose getActiveJobsOnClose() {
    return activeJobsOnClose;
  }

  public void setActiveJobsOnClose(ActiveJobsOnClose activeJobsOnClose) {
    this.activeJobsOnClose = activeJobsOnClose;
  }
}
