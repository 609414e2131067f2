package dev.headway.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.BindException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.api.ErrorCode;
import org.h2.message.DbException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who the demo thinks the caller is, what its API accepts, and what it says when it cannot start. */
class DemoIdentityTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern GUEST = Pattern.compile("demo_user=(guest-[0-9a-f]{12})");

  @TempDir
  static Path temp;

  private static DemoServer demo;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    demo = DemoServer.start(new DemoOptions(0, "jdbc:h2:file:" + temp.resolve("demo").toAbsolutePath(), 4));
  }

  @AfterAll
  static void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void anAnonymousVisitorGetsAGuestIdentityOfTheirOwn() throws Exception {
    String one = guestCookieOf(send(request("").build()));
    String two = guestCookieOf(send(request("").build()));
    assertThat(one).isNotEqualTo(two).doesNotContain("alice");

    HttpResponse<String> started = send(request("demo/jobs/article").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertThat(started.statusCode()).isEqualTo(202);
    String guest = guestCookieOf(started);
    String id = JSON.readTree(started.body()).get("id").asText();

    JsonNode job = JSON.readTree(send(request("progress/jobs/" + id).header("Cookie", "demo_user=" + guest).build())
        .body());
    assertThat(job.get("owner").asText()).isEqualTo(guest);
    assertThat(send(request("progress/jobs/" + id).header("X-Demo-User", "alice").build()).statusCode())
        .isEqualTo(404);
    assertThat(send(request("progress/jobs/" + id).build()).statusCode()).as("another anonymous caller")
        .isEqualTo(404);
  }

  @Test
  void aMalformedNameIsReplacedNeverReadAsAlice() throws Exception {
    for (String bad : new String[] {"Alice", "", "a".repeat(40), "%61lice", "al ice"}) {
      HttpResponse<String> answer = send(request("").header("Cookie", "demo_user=" + bad).build());
      assertThat(guestCookieOf(answer)).as("cookie %s", bad).startsWith("guest-");
    }
    HttpResponse<String> list = send(request("progress/jobs?status=all").header("X-Demo-User", "Alice!").build());
    assertThat(JSON.readTree(list.body()).get("jobs")).isEmpty();
  }

  @Test
  void postsMustBeJson() throws Exception {
    for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data"}) {
      HttpResponse<String> answer = send(request("demo/jobs/article").header("X-Demo-User", "alice")
          .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString("{}")).build());
      assertThat(answer.statusCode()).as(type).isEqualTo(415);
    }
    assertThat(send(request("demo/jobs/article").header("X-Demo-User", "alice")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode()).isEqualTo(415);
    assertThat(send(request("demo/jobs/article").header("X-Demo-User", "alice")
        .header("Content-Type", "application/json; charset=utf-8")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode()).isEqualTo(202);
  }

  @Test
  void aBusyRepositoryNamesItsJobOnlyToItsOwner() throws Exception {
    String body = "{\"repository\": \"acme/busy-" + System.nanoTime() + "\"}";
    HttpResponse<String> first = postAs("alice", "docs", body);
    assertThat(first.statusCode()).isEqualTo(202);
    String id = JSON.readTree(first.body()).get("id").asText();

    HttpResponse<String> again = postAs("alice", "docs", body);
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(again.body()).get("id").asText()).isEqualTo(id);

    HttpResponse<String> bob = postAs("bob", "docs", body);
    assertThat(bob.statusCode()).isEqualTo(409);
    assertThat(bob.body()).contains("busy").doesNotContain(id);
  }

  @Test
  void aSecondDemoOnTheSameFileSaysSoInOneLine() throws Exception {
    Process second = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), DemoServer.class.getName(),
        "--port", "0", "--db", "jdbc:h2:file:" + temp.resolve("demo").toAbsolutePath())
        .redirectErrorStream(true).start();
    assertThat(second.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    String output = new String(second.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(second.exitValue()).as(output).isEqualTo(1);
    assertThat(output).contains("is in use by another ./demo").doesNotContain("\tat ").doesNotContain("Exception");
  }

  private HttpResponse<String> postAs(String user, String scenario, String body) throws Exception {
    return send(request("demo/jobs/" + scenario).header("X-Demo-User", user).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  @Test
  void aDatabaseInUseIsOneClearLine() {
    DemoOptions options = DemoOptions.parse();
    Exception inUse = new IllegalStateException("cannot open the store",
        DbException.get(ErrorCode.DATABASE_ALREADY_OPEN_1, "./data/headway-demo.mv.db").getSQLException());
    assertThat(DemoServer.whyNotStarted(inUse, options))
        .contains("is in use by another ./demo").contains("--db").doesNotContain("\n");
    assertThat(DemoServer.whyNotStarted(new java.io.IOException("x", new BindException("Address in use")), options))
        .startsWith("Port 8080 is in use").doesNotContain("\n");
    assertThat(DemoServer.whyNotStarted(new IllegalStateException("boom\n\tat somewhere"), options))
        .isEqualTo("The demo could not start: IllegalStateException: boom");
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(demo.url() + path));
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String guestCookieOf(HttpResponse<String> response) {
    String setCookie = String.join("\n", response.headers().allValues("Set-Cookie"));
    Matcher guest = GUEST.matcher(setCookie);
    assertThat(guest.find()).as("Set-Cookie: %s", setCookie).isTrue();
    return guest.group(1);
  }
}
