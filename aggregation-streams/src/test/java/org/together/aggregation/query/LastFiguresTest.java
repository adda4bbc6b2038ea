package org.together.aggregation.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.together.figures.disclosure.Audience;
import org.together.figures.disclosure.DisclosureRule;

/** The last figures an instance answered: served marked as such, kept across a restart, bounded, per audience. */
class LastFiguresTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOON = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path dir;

    private static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anAnswerKeptIsServedAgainWithRestoringTrueAndWhenItWasComputed() throws Exception {
        MutableClock clock = new MutableClock(NOON);
        LastFigures last = new LastFigures(null, JSON, clock);
        last.record("/api/v1/network/summary public", bytes("{\"scope\":\"network\",\"asOf\":\"2026-11-26T12:00:00Z\",\"participantsEver\":42}"));
        clock.now = NOON.plusSeconds(75);

        QueryEndpoints.Answer answer = last.answer("/api/v1/network/summary public").orElseThrow();

        JsonNode body = JSON.readTree(answer.body());
        assertThat(answer.status()).isEqualTo(200);
        assertThat(body.path("participantsEver").asLong()).isEqualTo(42);
        assertThat(body.path("asOf").asText()).as("the figures' own as-of").isEqualTo("2026-11-26T12:00:00Z");
        assertThat(body.path("restoring").asBoolean()).isTrue();
        assertThat(answer.headers()).containsEntry(LastFigures.RESTORING_HEADER, "2026-11-26T12:00:00Z").containsEntry("Age", "75");
        assertThat(answer.restoring()).isTrue();
        assertThat(last.answer("/api/v1/network/tools public")).as("a question never answered").isEmpty();
    }

    /** Review 14, finding 6: with Kafka away, the last figures said "restoring" though nothing was restored. */
    @Test
    void anAnswerKeptSaysWhyItIsServedKafkaUnreachableOrRestoring() throws Exception {
        LastFigures.Reason[] why = {LastFigures.Reason.KAFKA_UNREACHABLE};
        LastFigures last = new LastFigures(null, JSON, Clock.fixed(NOON, ZoneOffset.UTC), () -> why[0]);
        last.record("/api/v1/network/summary internal", bytes("{\"scope\":\"network\"}"));

        QueryEndpoints.Answer away = last.answer("/api/v1/network/summary internal").orElseThrow();
        assertThat(JSON.readTree(away.body()).path("lastFiguresReason").asText()).isEqualTo("kafka-unreachable");
        assertThat(away.headers()).containsEntry(LastFigures.REASON_HEADER, "kafka-unreachable");

        why[0] = LastFigures.Reason.RESTORING;
        QueryEndpoints.Answer restoring = last.answer("/api/v1/network/summary internal").orElseThrow();
        assertThat(JSON.readTree(restoring.body()).path("lastFiguresReason").asText()).isEqualTo("restoring");
        assertThat(restoring.headers()).containsEntry(LastFigures.REASON_HEADER, "restoring");
    }

    @Test
    void aListIsServedUnchangedAndOnlyTheHeadersSayItIsNotLive() throws Exception {
        LastFigures last = new LastFigures(null, JSON, Clock.fixed(NOON, ZoneOffset.UTC));
        last.record("/api/v1/territories public", bytes("[{\"territoryId\":\"lyon\"}]"));

        QueryEndpoints.Answer answer = last.answer("/api/v1/territories public").orElseThrow();

        assertThat(JSON.readTree(answer.body()).get(0).path("territoryId").asText()).isEqualTo("lyon");
        assertThat(JSON.readTree(answer.body()).isArray()).isTrue();
        assertThat(answer.headers()).containsKey(LastFigures.RESTORING_HEADER);
    }

    @Test
    void theAnswersKeptInTheFileAreServedByTheNextInstanceOnTheSameStateDirectory() {
        Path file = dir.resolve(LastFigures.FILE_NAME);
        LastFigures before = new LastFigures(file, JSON, Clock.fixed(NOON, ZoneOffset.UTC));
        before.record("/api/v1/network/summary public", bytes("{\"participantsEver\":7,\"name\":\"Vitória \\\"Sul\\\"\"}"));
        before.record("/api/v1/territories/lyon/summary public", bytes("{\"participantsEver\":3}"));
        before.save();

        LastFigures after = new LastFigures(file, JSON, Clock.fixed(NOON.plusSeconds(5), ZoneOffset.UTC));

        assertThat(after.size()).isEqualTo(2);
        assertThat(new String(after.last("/api/v1/network/summary public").orElseThrow().body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"participantsEver\":7,\"name\":\"Vitória \\\"Sul\\\"\"}");
        assertThat(after.last("/api/v1/network/summary public").orElseThrow().computedAt()).isEqualTo(NOON);
    }

    @Test
    void anUnreadableFileIsIgnoredNotFatal() throws Exception {
        Path file = dir.resolve(LastFigures.FILE_NAME);
        Files.writeString(file, "{\"format\":" + LastFigures.FORMAT + ",\"answers\":[{\"question\":");

        assertThat(new LastFigures(file, JSON, Clock.systemUTC()).size()).isZero();
    }

    @Test
    void theLeastRecentlyAskedGoFirstWhenTheBoundIsReached() {
        LastFigures last = new LastFigures(null, JSON, Clock.fixed(NOON, ZoneOffset.UTC));
        for (int i = 0; i < LastFigures.MAX_QUESTIONS; i++) {
            last.record("/q/" + i, bytes("{}"));
        }
        last.last("/q/0"); // asked again: now the most recent

        last.record("/q/new", bytes("{}"));

        assertThat(last.size()).isEqualTo(LastFigures.MAX_QUESTIONS);
        assertThat(last.last("/q/0")).isPresent();
        assertThat(last.last("/q/1")).as("the least recently asked").isEmpty();
        assertThat(last.last("/q/new")).isPresent();
    }

    @Test
    void anAnswerTooLargeToKeepIsNotKeptAndNoOlderOneIsServedForIt() {
        LastFigures last = new LastFigures(null, JSON, Clock.fixed(NOON, ZoneOffset.UTC));
        last.record("/api/v1/territories public", bytes("[]"));

        last.record("/api/v1/territories public", new byte[LastFigures.MAX_ANSWER_BYTES + 1]);

        assertThat(last.last("/api/v1/territories public")).isEmpty();
    }

    @Test
    void aQuestionIsKeptPerAudienceWithTheRuleThePublicAnswerWentThroughAndNeverUnderAToken() {
        String question = "/api/v1/territories/lyon/summary";
        String publicQuestion = QueryEndpoints.keptQuestion(question, Audience.PUBLIC, new DisclosureRule(5));
        String internal = QueryEndpoints.keptQuestion(question, Audience.INTERNAL, new DisclosureRule(5));
        String stricter = QueryEndpoints.keptQuestion(question, Audience.PUBLIC, new DisclosureRule(10));
        String liveStream = QueryEndpoints.keptQuestion("/api/v1/network/summary?asOf=2021-07-10&access_token=admin-secret",
                Audience.INTERNAL, new DisclosureRule(5));

        assertThat(publicQuestion).isEqualTo(question + " public k=5");
        assertThat(internal).isEqualTo(question + " internal").isNotEqualTo(publicQuestion);
        assertThat(stricter).as("a public answer made under k = 5 is not one under k = 10").isNotEqualTo(publicQuestion);
        assertThat(liveStream).isEqualTo("/api/v1/network/summary?asOf=2021-07-10 internal").doesNotContain("admin-secret");
    }

    @Test
    void aFileKeptByTheVersionThatKeptExactFiguresAsPublicIsNotRead() throws Exception {
        // format 1 kept under "public" what a reader without a token read when reading was open: exact figures
        Path file = dir.resolve(LastFigures.FILE_NAME);
        String answers = ",\"answers\":[{\"question\":\"/api/v1/territories/lyon/summary public\","
                + "\"computedAt\":\"2026-11-26T12:00:00Z\",\"body\":\"{\\\"participantsActive\\\":3}\"}]}";
        Files.writeString(file, "{\"format\":1" + answers);

        assertThat(new LastFigures(file, JSON, Clock.systemUTC()).size()).isZero();

        Files.writeString(file, "{\"format\":" + LastFigures.FORMAT + answers);
        assertThat(new LastFigures(file, JSON, Clock.systemUTC()).size()).as("the same answers in this version's format").isEqualTo(1);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
