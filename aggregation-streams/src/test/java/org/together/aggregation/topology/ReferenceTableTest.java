package org.together.aggregation.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.aggregation.TestEvents.joined;
import static org.together.aggregation.TestEvents.territory;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.together.aggregation.query.AsOf;
import org.together.reference.Target;
import org.together.reference.Tool;
import org.together.schemas.Topics;

/**
 * A reference table's value that cannot be decoded reads as absent, with one WARN line naming topic, key and reason,
 * and a count; the other keys and the figures of other territories are unaffected. (The restore of a new instance goes
 * through the same processor: UndecodableReferenceRecordIntegrationTest, on a real broker.)
 */
class ReferenceTableTest {

    private static final AsOf AS_OF = AsOf.endOf(LocalDate.parse("2021-07-10"));
    private static final byte[] GARBAGE = "not avro at all".getBytes(StandardCharsets.UTF_8);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private AbstractAppender watching;
    private TopologyHarness topology;

    @BeforeEach
    void start() {
        watching = new AbstractAppender("reference-table-warnings", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                if (event.getLevel().isMoreSpecificThan(Level.WARN) && event.getLoggerName().equals(ReferenceTable.class.getName())) {
                    warnings.add(event.getMessage().getFormattedMessage() + (event.getThrown() == null ? "" : "\n" + event.getThrown()));
                }
            }
        };
        watching.start();
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        logging.getConfiguration().getRootLogger().addAppender(watching, Level.WARN, null);
        logging.updateLoggers();
        topology = new TopologyHarness(StreamsConfig.EXACTLY_ONCE_V2, null, new UndecodableReferenceCounter(meters));
    }

    @AfterEach
    void stop() {
        topology.close();
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        logging.getConfiguration().getRootLogger().removeAppender(watching.getName());
        logging.updateLoggers();
        watching.stop();
    }

    @Test
    void anUndecodableTerritoryReadsAsUnregisteredLoggedOnceAndTheOtherTerritoriesAreUnaffected() {
        topology.register(territory("lyon", "Lyon", "FR"));
        topology.register(territory("mons", "Mons", "BE"));
        topology.send(joined("lyon", "p-alice-01", "2021-07-01T09:00:00Z"), joined("mons", "p-alice-01", "2021-07-01T09:00:00Z"));
        assertThat(topology.queries().networkSummary(AS_OF).countries()).isEqualTo(2);

        topology.sendRawBytes(Topics.TERRITORIES, "mons", GARBAGE);
        topology.checkRegistrations();
        for (int read = 0; read < 3; read++) { // reads happen per event and per query: none logs
            assertThat(topology.stores().territories().get("mons")).isNull();
            assertThat(topology.queries().networkSummary(AS_OF).countries()).as("BE no longer counts").isEqualTo(1);
            assertThat(topology.queries().territories(AS_OF)).extracting(h -> h.territoryId()).containsExactlyInAnyOrder("lyon", "mons");
            topology.send(joined("mons", "p-bob-000" + read, "2021-07-02T09:00:00Z"));
        }
        assertThat(topology.queries().territorySummary("mons", AS_OF).orElseThrow().participantsEver())
                .as("its events still count, as an unregistered territory's").isEqualTo(4);
        assertThat(topology.queries().territorySummary("lyon", AS_OF).orElseThrow().countries()).isEqualTo(1);
        assertThat(topology.stores().territories().get("lyon").getName()).isEqualTo("Lyon");

        assertThat(warnings).singleElement().asString()
                .startsWith("Record at together.territories-0@2, key mons, cannot be decoded (SerializationException: ")
                .contains("magic byte")
                .endsWith("the key reads as absent from the territories table until a decodable record replaces it");
        assertThat(counted(Topics.TERRITORIES.name())).isEqualTo(1);
        assertThat(counted(Topics.TOOLS.name())).isZero();

        topology.register(territory("mons", "Mons", "BE"));
        topology.checkRegistrations();
        assertThat(topology.queries().networkSummary(AS_OF).countries()).as("a decodable record replaces it").isEqualTo(2);
        assertThat(warnings).hasSize(1);
    }

    @Test
    void anUndecodableToolTargetOrTokenReadsAsAbsentAndAForgedKeyStaysOnOneLine() {
        topology.catalogue(new Tool("choices-guide", "Choices guide", Map.of(), Instant.parse("2021-07-09T12:00:00Z")));
        topology.catalogue(new Tool("kit", "Kit", Map.of(), Instant.parse("2021-07-09T12:00:00Z")));
        topology.target("t-1", new Target("t-1", "participantsActive", null, null, 100L, LocalDate.parse("2021-12-31"),
                Instant.parse("2021-07-01T00:00:00Z")));
        assertThat(topology.stores().targets().get("t-1")).isNotNull();

        topology.sendRawBytes(Topics.TOOLS, "choices-guide", GARBAGE);
        topology.sendRawBytes(Topics.TARGETS, "t-1", GARBAGE);
        topology.sendRawBytes(Topics.TERRITORY_CREDENTIALS, "lyon\nWARN forged line", GARBAGE);

        assertThat(topology.stores().tools().get("choices-guide")).isNull();
        assertThat(topology.stores().tools().get("kit").getName()).isEqualTo("Kit");
        assertThat(topology.stores().targets().get("t-1")).isNull();
        assertThat(topology.stores().territoryCredentials().get("lyon\nWARN forged line")).isNull();
        assertThat(warnings).hasSize(3).allMatch(l -> l.lines().count() == 1, "one line, no stack trace");
        assertThat(warnings.get(2)).contains("key lyon\\u000aWARN forged line,").contains("together.territory-credentials");
        for (String topic : List.of(Topics.TOOLS.name(), Topics.TARGETS.name(), Topics.TERRITORY_CREDENTIALS.name())) {
            assertThat(counted(topic)).as(topic).isEqualTo(1);
        }
        assertThat(counted(Topics.TERRITORIES.name())).isZero();
    }

    private double counted(String topic) {
        return meters.get("together.undecodable.reference.records").tag("topic", topic).counter().count();
    }
}
