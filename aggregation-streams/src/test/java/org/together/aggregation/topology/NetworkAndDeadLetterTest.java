package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.aggregation.TestEvents.joined;
import static org.together.aggregation.TestEvents.territory;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.together.aggregation.query.AsOf;
import org.together.aggregation.query.Summary;
import org.together.aggregation.query.TerritoryHeadline;
import org.together.schemas.Topics;

/** Territories active and countries; undecodable and unusable records go to the dead letters. */
class NetworkAndDeadLetterTest {

    private final TopologyHarness topology = new TopologyHarness();
    private static final AsOf AS_OF = AsOf.endOf(LocalDate.parse("2021-07-10"));

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void aTerritoryIsActiveWhenAnEventOccurredInTheLast90Days() {
        topology.send(joined("lyon", "p-alice-01", "2021-04-12T09:00:00Z"), // 90th day before 10 July, counting it
                joined("grenoble", "p-alice-01", "2021-04-11T23:59:00Z"),  // 91 days: no longer active
                joined("nantes", "p-alice-01", "2021-07-10T09:00:00Z"));

        assertThat(topology.queries().networkSummary(AS_OF).territoriesActive()).isEqualTo(2);
        assertThat(topology.queries().territorySummary("grenoble", AS_OF).orElseThrow().territoriesActive()).isZero();
        assertThat(topology.queries().territorySummary("lyon", AS_OF).orElseThrow().territoriesActive()).isEqualTo(1);
        assertThat(topology.queries().networkSummary(AsOf.endOf(LocalDate.parse("2021-05-01"))).territoriesActive())
                .as("as of 1 May, nantes had no event yet").isEqualTo(2);
    }

    @Test
    void countriesAreThoseOfRegisteredTerritoriesWithEvents() {
        topology.register(territory("lyon", "Lyon", "FR"));
        topology.register(territory("grenoble", "Grenoble", "FR"));
        topology.register(territory("mons", "Mons", "BE"));
        topology.register(territory("braga", "Braga", "PT")); // registered, no event yet
        topology.send(joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("grenoble", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("mons", "p-alice-01", "2021-07-01T09:00:00Z"));

        assertThat(topology.queries().networkSummary(AS_OF).countries()).isEqualTo(2);
    }

    @Test
    void territoriesActiveAsOfAnyDayMatchesTheirEventsWhateverOrderTheEventsArriveIn() {
        // event days per territory, sent out of order (late and imported events), with gaps of 89 to 91 days
        Map<String, List<LocalDate>> days = new TreeMap<>();
        Random random = new Random(7);
        LocalDate start = LocalDate.parse("2020-01-01");
        List<org.together.events.ParticipantJoined> events = new ArrayList<>();
        for (int t = 0; t < 12; t++) {
            String territory = "territory-" + t;
            LocalDate day = start.plusDays(random.nextInt(60));
            for (int e = 0; e < 6; e++) {
                days.computeIfAbsent(territory, k -> new ArrayList<>()).add(day);
                events.add(joined(territory, String.format("p-%02d-%02d", t, e), day + "T12:00:00Z"));
                day = day.plusDays(new int[] {1, 30, 89, 90, 91, 200}[random.nextInt(6)]);
            }
        }
        Collections.shuffle(events, random);
        topology.send(events.toArray(new org.together.events.ParticipantJoined[0]));

        for (LocalDate asOf = start.minusDays(1); asOf.isBefore(start.plusDays(900)); asOf = asOf.plusDays(1)) {
            LocalDate day = asOf;
            long expected = days.values().stream()
                    .filter(eventDays -> eventDays.stream().anyMatch(d -> !d.isAfter(day) && d.isAfter(day.minusDays(90))))
                    .count();
            assertThat(topology.queries().networkSummary(AsOf.endOf(day)).territoriesActive()).as("as of %s", day).isEqualTo(expected);
        }
    }

    @Test
    void aTerritoryRegisteredAfterItsEventsCountsItsCountryOnceTheTableIsChecked() {
        topology.register(territory("lyon", "Lyon", "FR"));
        topology.send(joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("mons", "p-alice-01", "2021-06-01T09:00:00Z"));
        topology.checkRegistrations();
        assertThat(topology.queries().networkSummary(AS_OF).countries()).isEqualTo(1);

        topology.register(territory("mons", "Mons", "BE"));
        topology.checkRegistrations();

        assertThat(topology.queries().networkSummary(AS_OF).countries()).isEqualTo(2);
        assertThat(topology.queries().networkSummary(AsOf.endOf(LocalDate.parse("2021-06-15"))).countries())
                .as("as of 15 June only mons (BE) had an event").isEqualTo(1);
    }

    @Test
    void aCorrectedCountryCodeOrARemovedTerritoryMovesTheCountries() {
        topology.register(territory("lyon", "Lyon", "FR"));
        topology.register(territory("mons", "Mons", "FR")); // a mistake, corrected below
        topology.send(joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("mons", "p-alice-01", "2021-06-01T09:00:00Z"));
        assertThat(topology.queries().networkSummary(AS_OF).countries()).isEqualTo(1);

        topology.register(territory("mons", "Mons", "BE"));
        topology.checkRegistrations();
        assertThat(topology.queries().networkSummary(AS_OF).countries()).isEqualTo(2);
        assertThat(topology.queries().networkSummary(AsOf.endOf(LocalDate.parse("2021-06-15"))).countries())
                .as("FR's first event is now lyon's, on 1 July").isEqualTo(1);

        topology.unregister("lyon");
        topology.checkRegistrations();
        assertThat(topology.queries().networkSummary(AS_OF).countries()).isEqualTo(1);
    }

    @Test
    void territoriesAreRankedByActiveParticipantsWithTheirNames() {
        topology.register(territory("lyon", "Lyon", "FR"));
        topology.register(territory("braga", "Braga", "PT"));
        topology.send(joined("mons", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"),
                joined("lyon", "p-bob-0001", "2021-07-09T09:00:00Z"));

        List<TerritoryHeadline> ranked = topology.queries().territories(AS_OF);
        assertThat(ranked).extracting(TerritoryHeadline::rank, TerritoryHeadline::territoryId, TerritoryHeadline::participantsActive)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "lyon", 2L),
                        org.assertj.core.groups.Tuple.tuple(2, "mons", 1L),
                        org.assertj.core.groups.Tuple.tuple(3, "braga", 0L));
        assertThat(ranked.get(0).name()).isEqualTo("Lyon");
        assertThat(ranked.get(0).newParticipants()).isEqualTo(new Summary.NewParticipants(0, 1, 2, 2));
        assertThat(ranked.get(0).active()).isTrue();
        assertThat(ranked.get(2).active()).isFalse();
    }

    @Test
    void anUnknownTerritoryHasNoSummaryButARegisteredOneWithoutEventsHasZeros() {
        topology.register(territory("braga", "Braga", "PT"));

        assertThat(topology.queries().territorySummary("atlantis", AS_OF)).isEmpty();
        Summary braga = topology.queries().territorySummary("braga", AS_OF).orElseThrow();
        assertThat(braga.participantsActive()).isZero();
        assertThat(braga.lastEventAt()).isNull();
        assertThat(braga.growth()).isEqualTo(new Summary.Growth(null, null));
    }

    @Test
    void undecodableBytesGoToTheDeadLettersWithTheReasonAndProcessingContinues() {
        // TopologyTestDriver drops dead-letter records of deserialization failures under exactly_once_v2
        // (they are sent outside its mock transaction); the broker-backed integration test covers EOS.
        topology.close();
        try (TopologyHarness atLeastOnce = new TopologyHarness(org.apache.kafka.streams.StreamsConfig.AT_LEAST_ONCE)) {
            atLeastOnce.sendRawBytes(Topics.PARTICIPANT_JOINED, "lyon", "not avro at all".getBytes(StandardCharsets.UTF_8));
            atLeastOnce.send(joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"));

            TestRecord<byte[], byte[]> dead = atLeastOnce.deadLetters().readRecord();
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("not avro at all");
            assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("lyon");
            assertThat(header(dead, "__streams.errors.message")).contains("magic byte");
            assertThat(header(dead, "__streams.errors.topic")).isEqualTo(Topics.PARTICIPANT_JOINED.name());
            assertThat(header(dead, "together.application")).as("which application wrote it (review 16)").isEqualTo("topology-test");
            assertThat(atLeastOnce.queries().networkSummary(AS_OF).participantsActive()).isEqualTo(1);
        }
    }

    @Test
    void anUndecodableRecordIsSentToTheDeadLettersByOurHandlerCountedAndLoggedInOneLineSayingWhereItWent() {
        // Kafka Streams sends only the dead letters a handler's response carries: a handler of our own must build it
        topology.close();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LogLines logged = LogLines.watch(lines);
             TopologyHarness atLeastOnce = new TopologyHarness(org.apache.kafka.streams.StreamsConfig.AT_LEAST_ONCE,
                     new DeadLetterCounter(meters))) {
            assertThat(meters.get("together.dead.letters").tag("reason", "undecodable").counter().count()).isZero();
            atLeastOnce.sendRawBytes(Topics.PARTICIPANT_JOINED, "lyon", "not avro at all".getBytes(StandardCharsets.UTF_8));
            atLeastOnce.sendKeyed("grenoble", joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"));
            atLeastOnce.send(joined("lyon", "p-bob-0001", "2021-07-01T09:00:00Z"));

            TestRecord<byte[], byte[]> dead = atLeastOnce.deadLetters().readRecord();
            assertThat(header(dead, "__streams.errors.exception")).endsWith("SerializationException");
            assertThat(header(dead, "__streams.errors.offset")).isEqualTo("0");
            assertThat(atLeastOnce.deadLetters().readRecord().headers().lastHeader("__streams.errors.message")).isNotNull();
            assertThat(meters.get("together.dead.letters").tag("reason", "undecodable").counter().count()).isEqualTo(1);
            assertThat(meters.get("together.dead.letters").tag("reason", "unusable").counter().count()).isEqualTo(1);
            assertThat(atLeastOnce.queries().networkSummary(AS_OF).participantsActive()).isEqualTo(1);
        }
        assertThat(lines).filteredOn(l -> l.contains("cannot be decoded")).singleElement().asString()
                .startsWith("WARN DeadLetterUndecodableRecords Record at together.participant-joined-0@0 cannot be decoded (SerializationException: ")
                .contains("magic byte").endsWith("it goes to together.dead-letters and processing goes on");
        assertThat(lines).filteredOn(l -> l.contains("is unusable")).singleElement().asString()
                .contains("it goes to together.dead-letters");
        assertThat(lines).as("no line of Kafka's own handler").noneMatch(l -> l.contains("LogAndContinueExceptionHandler"));
        assertThat(lines).as("ours: one line each, no stack trace").filteredOn(l -> l.contains(" DeadLetter"))
                .hasSize(2).allMatch(l -> l.lines().count() == 1);
        // Kafka's RecordDeserializer still logs "Skipping record due to deserialization error" with the trace after any
        // handler that resumes: the launcher's log4j2.xml keeps that logger to ERROR (LoggingConfigurationTest)
    }

    @Test
    void theHandlerSendsNoDeadLetterForARecordOfAReferenceTableWhichTheGlobalThreadCannotSend() {
        // Kafka Streams 4.4 casts the global thread's context to a RecordCollector.Supplier when a response carries dead
        // letters: with Kafka's LogAndContinueExceptionHandler, one such record in together.territories stopped both
        // instances of TwoInstancesIntegrationTest (ClassCastException, 2026-12-07). No reference record reaches the
        // handler now (ReferenceTable decodes their values itself: ReferenceTableTest); this keeps the handler safe if
        // one ever does. TopologyTestDriver runs its global stores with a handler of its own, hence the handler alone.
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DeadLetterUndecodableRecords handler = new DeadLetterUndecodableRecords();
        Map<String, Object> configs = new java.util.HashMap<>(AggregationTopology.errorHandling(new DeadLetterCounter(meters),
                new UndecodableReferenceCounter(meters)));
        handler.configure(configs);
        org.apache.kafka.common.errors.SerializationException undecodable =
                new org.apache.kafka.common.errors.SerializationException("Unknown magic byte!");

        var reference = handler.handleError(context(Topics.TERRITORIES.name()), null, undecodable);
        assertThat(reference.result()).isEqualTo(org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result.RESUME);
        assertThat(reference.deadLetterQueueRecords()).isEmpty();
        assertThat(meters.get("together.dead.letters").tag("reason", "undecodable").counter().count()).isZero();

        var event = handler.handleError(context(Topics.TOOL_USED.name()), null, undecodable);
        assertThat(event.result()).isEqualTo(org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result.RESUME);
        assertThat(event.deadLetterQueueRecords()).singleElement()
                .satisfies(dead -> assertThat(dead.topic()).isEqualTo(Topics.DEAD_LETTERS.name()));
        assertThat(meters.get("together.dead.letters").tag("reason", "undecodable").counter().count()).isEqualTo(1);
    }

    private static org.apache.kafka.streams.errors.ErrorHandlerContext context(String topic) {
        return new org.apache.kafka.streams.errors.internals.DefaultErrorHandlerContext(null, topic, 0, 10,
                new org.apache.kafka.common.header.internals.RecordHeaders(), "source", null, 0L,
                "lyon".getBytes(StandardCharsets.UTF_8), "garbage".getBytes(StandardCharsets.UTF_8));
    }

    /** The lines logged at WARN while watching, as "LEVEL Logger message" (with a stack trace, if any, on more lines). */
    private static final class LogLines extends org.apache.logging.log4j.core.appender.AbstractAppender implements AutoCloseable {
        private final List<String> lines;

        private LogLines(List<String> lines) {
            super("dead-letter-lines", null, null, true, org.apache.logging.log4j.core.config.Property.EMPTY_ARRAY);
            this.lines = lines;
        }

        static LogLines watch(List<String> lines) {
            LogLines appender = new LogLines(lines);
            appender.start();
            org.apache.logging.log4j.core.LoggerContext logging =
                    (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
            logging.getConfiguration().getRootLogger().addAppender(appender, org.apache.logging.log4j.Level.WARN, null);
            logging.updateLoggers();
            return appender;
        }

        @Override
        public void append(org.apache.logging.log4j.core.LogEvent event) {
            String name = event.getLoggerName();
            String line = event.getLevel() + " " + name.substring(name.lastIndexOf('.') + 1) + " " + event.getMessage().getFormattedMessage();
            if (event.getThrown() != null) {
                line += "\n" + event.getThrown();
            }
            lines.add(line);
        }

        @Override
        public void close() {
            org.apache.logging.log4j.core.LoggerContext logging =
                    (org.apache.logging.log4j.core.LoggerContext) org.apache.logging.log4j.LogManager.getContext(false);
            logging.getConfiguration().getRootLogger().removeAppender(getName());
            logging.updateLoggers();
            stop();
        }
    }

    @Test
    void anEventKeyedByAnotherTerritoryGoesToTheDeadLettersAndCountsNowhere() {
        topology.sendKeyed("grenoble", joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"));
        topology.send(joined("lyon", "p-bob-0001", "2021-07-01T09:00:00Z"));

        TestRecord<byte[], byte[]> dead = topology.deadLetters().readRecord();
        assertThat(header(dead, "__streams.errors.message")).contains("is not the event's territoryId");
        assertThat(topology.queries().networkSummary(AS_OF).participantsEver()).isEqualTo(1);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
