package org.together.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.together.embedded.EmbeddedStack;
import org.together.embedded.kafka.FreePorts;
import org.together.launcher.SharedBrokerSecrets;
import org.together.launcher.Together;
import picocli.CommandLine;

/** {@code together run --kafka ... [--registry ...]}: the services on a Kafka the launcher did not start. */
class ExternalKafkaRunTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dataDir;

    private StackSettings settings(String... extra) {
        String[] base = {"run", "--data-dir", dataDir.toString(), "--registry-port", String.valueOf(FreePorts.pick()),
                "--ingest-port", String.valueOf(FreePorts.pick()), "--query-port", String.valueOf(FreePorts.pick())};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra)).toArray(String[]::new);
        CommandLine.ParseResult parsed = Together.commandLine(Map.of("TOGETHER_ADMIN_TOKEN", "external-admin-token-of-24-chars-or-more",
                "TOGETHER_PSEUDONYM_KEY", SharedBrokerSecrets.PSEUDONYM_KEY)).parseArgs(args);
        return ((RunCommand) parsed.subcommand().commandSpec().userObject()).settings();
    }

    @Test
    void withKafkaAndRegistryGivenNothingEmbeddedStartsAndEventsReachThatKafka() throws Exception {
        EmbeddedStack external = EmbeddedStack.sharedForTests();
        try (RunningStack stack = RunningStack.start(settings("--kafka", external.bootstrapServers(), "--registry", external.registryUrl()))) {
            assertThat(stack.bootstrapServers()).isEqualTo(external.bootstrapServers());
            assertThat(stack.registryUrl()).isEqualTo(external.registryUrl());
            assertThat(Files.exists(dataDir.resolve("kafka"))).as("no embedded broker data").isFalse();
            postOneEvent(stack, "external-" + UUID.randomUUID().toString().substring(0, 8));
        }
    }

    @Test
    void withKafkaAloneTheEmbeddedRegistryRunsOnThatKafka() throws Exception {
        EmbeddedStack external = EmbeddedStack.sharedForTests();
        try (RunningStack stack = RunningStack.start(settings("--kafka", external.bootstrapServers()))) {
            assertThat(stack.bootstrapServers()).isEqualTo(external.bootstrapServers());
            assertThat(stack.registryUrl()).isNotEqualTo(external.registryUrl());
            String subjects = HTTP.send(HttpRequest.newBuilder(URI.create(stack.registryUrl() + "/subjects")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(subjects).contains("together.participant-joined-value");
            postOneEvent(stack, "embreg-" + UUID.randomUUID().toString().substring(0, 8));
        }
    }

    private static void postOneEvent(RunningStack stack, String territoryId) throws Exception {
        HttpResponse<String> registered = HTTP.send(HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/api/v1/territories"))
                .header("Authorization", "Bearer external-admin-token-of-24-chars-or-more").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + territoryId
                        + "\",\"name\":\"External\",\"countryCode\":\"FR\",\"kind\":\"village\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        String token = registered.body().replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        String event = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"participant.joined\",\"territoryId\":\"" + territoryId
                + "\",\"occurredAt\":\"" + Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS)
                + "\",\"participantId\":\"p-external-1\",\"role\":\"citizen\"}";
        HttpResponse<String> sent = HTTP.send(HttpRequest.newBuilder(URI.create(stack.ingestUrl() + "/api/v1/events"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        assertThat(sent.body()).contains("\"status\":\"accepted\"");
    }
}
