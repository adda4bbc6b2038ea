package org.together.reports.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.together.embedded.EmbeddedStack;
import org.together.events.JoinChannel;
import org.together.events.ParticipantRole;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reports.snapshot.Events;
import org.together.reports.snapshot.SnapshotService;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;

/**
 * Review 17, finding 12: the research export records the moment it counted events up to ({@code receivedUpTo}), and
 * made again for that moment, by the same mechanism as the snapshot's {@code --received-until}, it is the same export
 * whatever arrived since: the same bytes, but for the time it was created. Read from the shared test broker.
 */
class ExportReceivedUntilTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate FROM = LocalDate.parse("2021-01-01");
    private static final LocalDate TO = LocalDate.parse("2022-01-01");

    @Test
    void theExportMadeAgainForItsReceivedUpToIsByteIdenticalButForItsCreationTime() throws Exception {
        EmbeddedStack stack = EmbeddedStack.sharedForTests();
        TogetherSerdes serdes = TogetherSerdes.forRegistryUrl(stack.registryUrl());
        SnapshotService service = new SnapshotService(stack.bootstrapServers(), serdes, Map.of());
        String territory = "export-late-" + UUID.randomUUID().toString().substring(0, 8);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 6; i++) {
                send(producer, serdes, Topics.PARTICIPANT_JOINED, territory, Events.joined(territory, "p" + i, Events.at("2021-05-0" + (i + 1))));
            }
            ResearchExport first = service.export(FROM, TO, DisclosureRule.DEFAULT, Optional.empty());
            String upTo = JSON.readTree(first.files().get(ResearchExport.DATAPACKAGE)).get("receivedUpTo").asText();

            Thread.sleep(1_100); // an offline workshop syncs a join of the period a moment later
            Instant late = Instant.now();
            send(producer, serdes, Topics.PARTICIPANT_JOINED, territory, Events.joined(Events.envelope(UUID.randomUUID().toString(),
                    territory, Events.at("2021-06-01"), late), "p-late", ParticipantRole.CITIZEN, JoinChannel.WORKSHOP));
            Thread.sleep(1_100); // made again at another second: its creation time differs

            ResearchExport again = service.export(FROM, TO, DisclosureRule.DEFAULT, Optional.empty(), Optional.of(Instant.parse(upTo)));
            assertThat(again.files().keySet()).containsExactlyElementsOf(first.files().keySet());
            first.files().forEach((name, bytes) -> {
                if (!name.equals(ResearchExport.DATAPACKAGE)) {
                    assertThat(new String(again.files().get(name), StandardCharsets.UTF_8)).as(name)
                            .isEqualTo(new String(bytes, StandardCharsets.UTF_8));
                }
            });
            ObjectNode before = (ObjectNode) JSON.readTree(first.files().get(ResearchExport.DATAPACKAGE));
            ObjectNode after = (ObjectNode) JSON.readTree(again.files().get(ResearchExport.DATAPACKAGE));
            assertThat(after.get("receivedUpTo").asText()).isEqualTo(upTo);
            assertThat(after.get("created").asText()).isNotEqualTo(before.get("created").asText());
            assertThat(new String(again.files().get(ResearchExport.DATAPACKAGE), StandardCharsets.UTF_8)
                    .replace(after.get("created").asText(), "T"))
                    .as("the package, but for its creation time")
                    .isEqualTo(new String(first.files().get(ResearchExport.DATAPACKAGE), StandardCharsets.UTF_8)
                            .replace(before.get("created").asText(), "T"));

            ResearchExport now = service.export(FROM, TO, DisclosureRule.DEFAULT, Optional.empty());
            assertThat(new String(now.files().get("participants.csv"), StandardCharsets.UTF_8)).as("the late join counts once received")
                    .isNotEqualTo(new String(first.files().get("participants.csv"), StandardCharsets.UTF_8));
        }
    }

    private static <T extends SpecificRecord> void send(KafkaProducer<String, byte[]> producer, TogetherSerdes serdes,
                                                        TopicSpec<T> topic, String key, T value) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key, serdes.value(topic).serializer().serialize(topic.name(), value))).get();
    }
}
