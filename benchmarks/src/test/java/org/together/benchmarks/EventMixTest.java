package org.together.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.together.events.EventEnvelope;
import org.together.ingest.validation.CheckedEvent;
import org.together.ingest.validation.EventValidator;
import org.together.ingest.validation.ReferenceData;
import org.together.ingest.validation.TimeWindow;
import org.together.schemas.EventType;

/** The bench must measure accepted events: what it sends raw must be what ingest would have written for its JSON. */
class EventMixTest {

    private static final List<String> TERRITORIES = List.of("bench-000", "bench-001", "bench-002");
    private static final ReferenceData REFERENCE = new ReferenceData() {
        @Override
        public boolean isTerritoryRegistered(String territoryId) {
            return TERRITORIES.contains(territoryId);
        }

        @Override
        public boolean isToolKnown(String toolId) {
            return EventMix.TOOLS.contains(toolId);
        }

        @Override
        public boolean isDimensionKnown(String code) {
            return code.length() == 1 && "ABCDEFGHI".contains(code);
        }
    };

    @Test
    void everyMixedEventIsValidAndIngestBuildsTheSameAvroRecordFromItsJson() throws Exception {
        EventValidator validator = new EventValidator(REFERENCE);
        ObjectMapper json = new ObjectMapper();
        EventMix mix = new EventMix(TERRITORIES, 1, "t", 120);
        Set<EventType> types = EnumSet.noneOf(EventType.class);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            EventMix.Event e = mix.next();
            Instant receivedAt = ((EventEnvelope) e.record().get(0)).getReceivedAt();
            CheckedEvent checked = validator.validate(json.readTree(EventMix.json(e)), TimeWindow.territoryApps(receivedAt), receivedAt);
            assertThat(checked.errors()).as(EventMix.json(e)).isEmpty();
            // with the id sent standing for the pseudonym ingest would give it, the record is the mix's own
            assertThat(checked.event().record(checked.event().participantId())).as(EventMix.json(e)).isEqualTo(e.record());
            assertThat(checked.event().type()).isEqualTo(e.type());
            types.add(e.type());
            ids.add(e.eventId());
        }
        assertThat(types).containsExactlyInAnyOrder(EventType.values());
        assertThat(ids).hasSize(3000);
    }

    @Test
    void aBatchIsAJsonArrayOfItsEvents() throws Exception {
        EventMix mix = new EventMix(TERRITORIES, 2, "t", 10);
        List<EventMix.Event> events = List.of(mix.next(0), mix.next(0), mix.next(0));
        var array = new ObjectMapper().readTree(EventMix.jsonArray(events));
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(3);
        assertThat(array.get(2).path("eventId").asText()).isEqualTo(events.get(2).eventId());
        assertThat(array.get(0).path("territoryId").asText()).isEqualTo("bench-000");
    }

    @Test
    void twoMixesNeverShareAParticipant() {
        EventMix a = new EventMix(TERRITORIES, 3, "a", 10);
        EventMix b = new EventMix(TERRITORIES, 3, "b", 10);
        Instant now = Instant.now();
        assertThat(a.joined(0, now).record().get(1)).isNotEqualTo(b.joined(0, now).record().get(1));
    }
}
