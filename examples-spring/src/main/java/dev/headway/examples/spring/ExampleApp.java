package dev.headway.examples.spring;

import dev.headway.spring.HeadwayPrincipal;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * The example: {@code POST /articles} starts a job on a small worker pool, {@code index.html} watches it with
 * {@code headway.js}; the starter mounts the endpoints at {@code /headway}, keeps jobs in the H2 database of
 * {@code application.properties}, and adds meters and health.
 */
@SpringBootApplication
public class ExampleApp {

  /**
   * Starts the app (port 8080 unless {@code --server.port} says otherwise).
   *
   * @param args Spring Boot's arguments
   */
  public static void main(String[] args) {
    SpringApplication.run(ExampleApp.class, args);
  }

  /**
   * The workers that write articles; bounded, and stopped with the app.
   *
   * @return the pool
   */
  @Bean(destroyMethod = "shutdownNow")
  ExecutorService writers() {
    return Executors.newFixedThreadPool(4);
  }

  /**
   * Who the caller is: the {@code user} cookie the page sets. A real app keeps Spring Security's user principal,
   * the starter's default.
   *
   * @return the principal function
   */
  @Bean
  HeadwayPrincipal principal() {
    return request -> Users.valid(request.cookie(Users.COOKIE));
  }
}
