package org.together.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.figures.Days.at;
import static org.together.figures.Days.on;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A participant's state is decided by event time: its latest join or leave, whatever order they arrived in. */
class ParticipantTimelineTest {

    private final ParticipantTimeline alice = new ParticipantTimeline();

    private DayChanges contribution() {
        DayChanges changes = new DayChanges();
        alice.contributeTo(changes, +1);
        return changes;
    }

    private void join(String at, String eventId) {
        alice.add(ParticipantTimeline.Entry.join(at(at), eventId, "citizen", "workshop"));
    }

    private void leave(String at, String eventId) {
        alice.add(ParticipantTimeline.Entry.leave(at(at), eventId));
    }

    @Test
    void aJoinMakesTheParticipantNewAndActiveOnItsDay() {
        join("2021-07-01T09:00:00Z", "e1");

        Figures july1 = on(contribution(), "2021-07-01");
        assertThat(july1.newParticipants()).isEqualTo(1);
        assertThat(july1.activeChange()).isEqualTo(1);
        assertThat(july1.newByRole()).isEqualTo(Map.of("citizen", 1L));
        assertThat(july1.newByChannel()).isEqualTo(Map.of("workshop", 1L));
    }

    @Test
    void aRejoinAfterLeavingMakesTheParticipantActiveAgainButNotNewAgain() {
        join("2021-05-03T09:00:00Z", "e1");
        leave("2021-06-01T09:00:00Z", "e2");
        join("2021-07-07T09:00:00Z", "e3");

        DayChanges c = contribution();
        assertThat(on(c, "2021-06-01").deactivations()).isEqualTo(1);
        assertThat(on(c, "2021-07-07").activations()).isEqualTo(1);
        assertThat(on(c, "2021-07-07").newParticipants()).isZero();
        assertThat(on(c, "2021-07-07").newByRole()).isEmpty();
    }

    @Test
    void aSecondJoinWithoutLeavingChangesNothing() {
        join("2021-07-01T09:00:00Z", "e1");
        join("2021-07-08T09:00:00Z", "e2");

        assertThat(on(contribution(), "2021-07-08").isEmpty()).isTrue();
    }

    @Test
    void aLeaveThatOccurredBeforeAnyJoinChangesNothing() {
        leave("2021-07-01T09:00:00Z", "e1");
        join("2021-07-06T09:00:00Z", "e2");

        DayChanges c = contribution();
        assertThat(on(c, "2021-07-01").isEmpty()).isTrue();
        assertThat(on(c, "2021-07-06").activeChange()).isEqualTo(1);
    }

    @Test
    void aLeaveThatArrivesBeforeItsEarlierJoinStillEndsTheParticipation() {
        leave("2021-07-06T09:00:00Z", "e2");
        join("2021-07-01T09:00:00Z", "e1");

        DayChanges c = contribution();
        assertThat(on(c, "2021-07-01").activeChange()).isEqualTo(1);
        assertThat(on(c, "2021-07-06").activeChange()).isEqualTo(-1);
    }

    @Test
    void atTheSameInstantTheLeaveWins() {
        leave("2021-07-01T09:00:00Z", "e-a");
        join("2021-07-01T09:00:00Z", "e-b");

        Figures july1 = on(contribution(), "2021-07-01");
        assertThat(july1.newParticipants()).isEqualTo(1);
        assertThat(july1.activeChange()).as("joined and left at once: not active").isZero();
    }

    @Test
    void aLateEarlierJoinMovesTheNewcomerToItsDayAndItsRoleAndChannel() {
        alice.add(ParticipantTimeline.Entry.join(at("2021-07-09T09:00:00Z"), "e2", "public-actor", null));
        alice.add(ParticipantTimeline.Entry.join(at("2021-04-20T09:00:00Z"), "e1", "citizen", "online"));

        DayChanges c = contribution();
        assertThat(on(c, "2021-04-20").newByRole()).isEqualTo(Map.of("citizen", 1L));
        assertThat(on(c, "2021-04-20").newByChannel()).isEqualTo(Map.of("online", 1L));
        assertThat(on(c, "2021-07-09").isEmpty()).isTrue();
    }

    @Test
    void aJoinWithoutChannelIsANewcomerOfUnknownChannel() {
        alice.add(ParticipantTimeline.Entry.join(at("2021-07-01T09:00:00Z"), "e1", "association", null));

        assertThat(on(contribution(), "2021-07-01").newByChannel()).isEqualTo(Map.of("unknown", 1L));
    }

    @Test
    void aJoinRecordedBeforeRolesWereKeptIsNewInNoRoleNorChannel() {
        alice.add(new ParticipantTimeline.Entry(at("2021-07-01T09:00:00Z"), true, "e1", null, null));

        Figures july1 = on(contribution(), "2021-07-01");
        assertThat(july1.newParticipants()).isEqualTo(1);
        assertThat(july1.newByRole()).isEmpty();
        assertThat(july1.newByChannel()).isEmpty();
    }

    @Test
    void itRemembersTheEventsItHolds() {
        join("2021-07-01T09:00:00Z", "e1");

        assertThat(alice.contains("e1")).isTrue();
        assertThat(alice.contains("e2")).isFalse();
    }
}
