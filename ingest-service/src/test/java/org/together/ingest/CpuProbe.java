package org.together.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.together.ingest.http.Json;
import org.together.ingest.validation.CheckedEvent;
import org.together.ingest.validation.EventValidator;
import org.together.ingest.validation.EverythingKnown;
import org.together.ingest.validation.TimeWindow;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.Topics;
import org.together.schemas.registry.InMemorySchemaRegistryClient;

@EnabledIfSystemProperty(named = "ingest.probe", matches = "true")
class CpuProbe {
    @Test
    void measure() throws Exception {
        ArrayNode batch = IngestTestSupport.JSON.createArrayNode();
        for (int i = 0; i < 100; i++) {
            batch.add(IngestTestSupport.JSON.createObjectNode().put("eventId", UUID.randomUUID().toString()).put("type", "participant.joined")
                    .put("territoryId", "probe-t").put("occurredAt", Instant.now().minusSeconds(3600).toString())
                    .put("participantId", "p-" + UUID.randomUUID().toString().substring(0, 13)).put("role", "citizen")
                    .put("groupId", "workshop-12").put("channel", "workshop"));
        }
        String body = batch.toString();
        EventValidator v = new EventValidator(EverythingKnown.REFERENCE);
        TogetherSerdes serdes = new TogetherSerdes(InMemorySchemaRegistryClient.forScope("cpu-probe"));
        var ser = serdes.value(Topics.PARTICIPANT_JOINED).serializer();
        jdk.jfr.Recording rec = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        rec.start();
        for (int round = 0; round < 8; round++) {
            long parse = 0, validate = 0, serialize = 0;
            int n = 300;
            for (int k = 0; k < n; k++) {
                long t0 = System.nanoTime();
                JsonNode root = Json.parse(body);
                long t1 = System.nanoTime();
                Instant now = Instant.now();
                TimeWindow w = TimeWindow.territoryApps(now);
                CheckedEvent[] out = new CheckedEvent[root.size()];
                for (int i = 0; i < root.size(); i++) {
                    out[i] = v.validate(root.get(i), w, now);
                }
                long t2 = System.nanoTime();
                for (CheckedEvent c : out) {
                    ser.serialize(Topics.PARTICIPANT_JOINED.name(), (org.together.events.ParticipantJoined) c.event().record("pseudonym-0000"));
                }
                long t3 = System.nanoTime();
                parse += t1 - t0; validate += t2 - t1; serialize += t3 - t2;
            }
            System.out.printf("CPUPROBE per event: parse %.1f us, validate %.1f us, serialize %.1f us%n",
                    parse / 1e3 / n / 100, validate / 1e3 / n / 100, serialize / 1e3 / n / 100);
        }
        rec.stop();
        rec.dump(java.nio.file.Path.of("/tmp/cpu.jfr"));
    }
}
