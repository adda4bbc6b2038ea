package org.together.reports.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.together.events.EventEnvelope;
import org.together.events.JoinChannel;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantRole;
import org.together.events.ToolStage;
import org.together.events.ToolUsed;
import org.together.figures.ToolCounts;
import org.together.figures.Window;

/** A report's pass: what it counts, what it leaves out, what it keeps of each partition. */
class ReportPassTest {

    private static final Window Q2 = new Window(LocalDate.parse("2021-04-01"), LocalDate.parse("2021-07-01"));

    private static EventEnvelope envelope(String territory, String occurredAt, String receivedAt) {
        return EventEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setTerritoryId(territory)
                .setOccurredAt(Instant.parse(occurredAt)).setReceivedAt(Instant.parse(receivedAt)).setSource(null).build();
    }

    private static ParticipantJoined joined(String territory, String participant, String occurredAt, String receivedAt) {
        return ParticipantJoined.newBuilder().setEnvelope(envelope(territory, occurredAt, receivedAt)).setParticipantId(participant)
                .setRole(ParticipantRole.CITIZEN).setGroupId(null).setChannel(JoinChannel.EVENT).build();
    }

    private static ToolUsed started(String territory, String participant, String occurredAt) {
        return ToolUsed.newBuilder().setEnvelope(envelope(territory, occurredAt, occurredAt)).setToolId("action-plan")
                .setStage(ToolStage.STARTED).setParticipantId(participant).setGroupId(null).setRating(null).setDurationMinutes(null).build();
    }

    @Test
    void eventsReceivedAfterTheMomentAskedForAreLeftOut() {
        ReportPass pass = new ReportPass(Q2, Optional.empty(), Optional.of(Instant.parse("2021-07-02T00:00:00Z")));
        pass.accept("lyon", joined("lyon", "p1", "2021-05-01T09:00:00Z", "2021-05-01T09:01:00Z"));
        pass.accept("lyon", joined("lyon", "p2", "2021-05-02T09:00:00Z", "2021-09-01T00:00:00Z")); // a late sync
        pass.endPartition();

        ReplayedFigures f = pass.result();
        assertThat(f.in(Q2).newParticipants()).isEqualTo(1);
        assertThat(f.latestReceivedAt()).isEqualTo("2021-05-01T09:01:00Z");
    }

    @Test
    void anEventFiledUnderAnotherTerritoryIsLeftOutAndCounted() {
        ReportPass pass = new ReportPass(Q2, Optional.empty(), Optional.empty());
        pass.accept("grenoble", joined("lyon", "p1", "2021-05-01T09:00:00Z", "2021-05-01T09:01:00Z"));

        ReplayedFigures f = pass.result();
        assertThat(f.unusable()).isEqualTo(1);
        assertThat(f.eventsCounted()).isZero();
        assertThat(f.territories()).isEmpty();
    }

    @Test
    void eachPartitionsEntitiesAddTheirContributionAndWhoWasActiveWhenItEnds() {
        ReportPass pass = new ReportPass(Q2, Optional.empty(), Optional.empty());
        pass.accept("lyon", joined("lyon", "p1", "2021-05-01T09:00:00Z", "2021-05-01T09:01:00Z"));
        pass.accept("lyon", started("lyon", "p1", "2021-05-03T09:00:00Z"));
        pass.endPartition();
        assertThat(pass.result().in(Q2).newParticipants()).as("lyon's partition, ended").isEqualTo(1);
        pass.accept("praia", joined("praia", "p1", "2021-03-01T09:00:00Z", "2021-03-01T09:01:00Z"));
        ReplayedFigures f = pass.result(); // ends the last partition

        assertThat(f.in(Q2).newParticipants()).isEqualTo(1);
        assertThat(f.network().upTo(Q2.lastDay()).newParticipants()).as("praia's, added at the end").isEqualTo(2);
        assertThat(f.current().tools()).containsEntry("action-plan", new ToolCounts(0, 1, 0, 1, 0, 0));
        assertThat(f.territories().get("lyon").activeAtEnd()).isEqualTo(1);
        assertThat(f.territories().get("praia").activeAtStart()).isEqualTo(1);
    }

    @Test
    void aTerritorysReportReadsOnlyItsOwnRecordsAndNotesThatItIsInTheLog() {
        ReportPass pass = new ReportPass(Q2, Optional.of("praia"), Optional.empty());
        assertThat(pass.reads("lyon")).isFalse();
        assertThat(pass.reads("praia")).isTrue();
        assertThat(pass.result().territorySeen()).isTrue();
        assertThat(new ReportPass(Q2, Optional.of("praia"), Optional.empty()).result().territorySeen()).isFalse();
    }
}
