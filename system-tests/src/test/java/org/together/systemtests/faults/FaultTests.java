package org.together.systemtests.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.together.systemtests.Checkout;

/** What the fault tests share: where they keep their files, territories to send for, the figures to expect at the end. */
final class FaultTests {

    static final String ADMIN_TOKEN = "fault-tests-admin-" + UUID.randomUUID();
    /** The network secret every ingest-service instance keys the pseudonym vault with. */
    static final String PSEUDONYM_KEY = "fault-tests-pseudonyms-" + UUID.randomUUID();
    /** The SPEC's bounds (Availability, v2). */
    static final Duration LONGEST_503 = Duration.ofSeconds(2);
    static final Duration RESTARTED_INSTANCE_ANSWERS = Duration.ofSeconds(15);
    static final Duration RESTARTED_STACK_ANSWERS = Duration.ofSeconds(20);

    private FaultTests() {
    }

    /** A fresh directory under system-tests/target/faults for one test class's processes and their output. */
    static Path directory(String name) {
        Path dir = Checkout.root().resolve("system-tests/target/faults").resolve(name + "-" + System.currentTimeMillis());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    /** Registers {@code n} territories through the ingest API (admin token) and returns them with their tokens. */
    static List<SteadyLoad.Territory> registerTerritories(String ingestUrl, String prefix, int n) {
        List<SteadyLoad.Territory> territories = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String id = prefix + "-" + i;
            Http.Answer a = Http.post(ingestUrl + "/api/v1/territories", ADMIN_TOKEN, Map.of("id", id, "name", "Territory " + i,
                    "countryCode", i % 2 == 0 ? "FR" : "BE", "kind", "municipality"), Duration.ofSeconds(10));
            assertThat(a.status()).as("registering %s: %s", id, a).isEqualTo(201);
            territories.add(new SteadyLoad.Territory(id, a.json().path("token").asText()));
        }
        return territories;
    }

    /** The questions the watch asks: the dashboard's network view and every territory's summary. */
    static List<String> questions(List<SteadyLoad.Territory> territories) {
        List<String> questions = new ArrayList<>(List.of("/api/v1/network/summary", "/api/v1/territories",
                "/api/v1/network/growth?interval=week", "/api/v1/network/tools"));
        territories.forEach(t -> questions.add("/api/v1/territories/" + t.id() + "/summary"));
        return questions;
    }

    /** Waits until a service's /health/ready answers 200. */
    static void awaitReady(String name, String baseUrl, ChildProcess process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Http.Answer last = null;
        while (System.nanoTime() < deadline) {
            last = Http.get(baseUrl + "/health/ready", Duration.ofSeconds(5));
            if (last.ok()) {
                return;
            }
            if (!process.alive()) {
                throw new AssertionError(name + " exited:\n" + process.tail(60));
            }
            Thread.sleep(250);
        }
        throw new AssertionError(name + " not ready within " + timeout + " (last: " + last + "):\n" + process.tail(60));
    }

    /**
     * Waits until the instance answers, live, exactly the figures of every event the load had acknowledged: network
     * participants (all joins, none left) and assessments, and every territory's, read as the coordination team (the
     * public's figures of a territory hide small counts).
     */
    static void awaitExactFigures(String instance, String baseUrl, SteadyLoad.Tally load, List<SteadyLoad.Territory> territories,
                                  Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            List<String> differences = new ArrayList<>();
            compare(differences, "network", Http.get(baseUrl + "/api/v1/network/summary", ADMIN_TOKEN, Duration.ofSeconds(5)),
                    load.joins(), load.assessments());
            for (SteadyLoad.Territory t : territories) {
                compare(differences, t.id(), Http.get(baseUrl + "/api/v1/territories/" + t.id() + "/summary", ADMIN_TOKEN,
                        Duration.ofSeconds(5)),
                        load.joins(t.id()), load.assessments(t.id()));
            }
            if (differences.isEmpty()) {
                return;
            }
            last = String.join("; ", differences);
            Thread.sleep(500);
        }
        throw new AssertionError(instance + " did not reach the acknowledged figures within " + timeout + ": " + last);
    }

    private static void compare(List<String> differences, String scope, Http.Answer answer, long joins, long assessments) {
        if (!answer.ok() || answer.header("X-Together-Restoring").isPresent()) {
            differences.add(scope + ": " + (answer.ok() ? "last figures, not live" : answer.toString()));
            return;
        }
        JsonNode s = answer.json();
        if (s.path("participantsEver").asLong() != joins || s.path("participantsActive").asLong() != joins
                || s.path("footprint").path("assessments").asLong() != assessments) {
            differences.add(scope + ": ever " + s.path("participantsEver").asLong() + ", active " + s.path("participantsActive").asLong()
                    + ", assessments " + s.path("footprint").path("assessments").asLong() + "; acknowledged joins " + joins
                    + ", assessments " + assessments);
        }
    }

    static String seconds(Instant from, Instant to) {
        return seconds(Duration.between(from, to));
    }

    static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }
}
