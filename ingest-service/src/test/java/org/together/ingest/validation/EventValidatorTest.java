package org.together.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.together.events.EvaluationMethod;
import org.together.events.FootprintAssessed;
import org.together.events.JoinChannel;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantLeft;
import org.together.events.ParticipantLeftReason;
import org.together.events.ParticipantRole;
import org.together.events.SpiralQuestion;
import org.together.events.ToolStage;
import org.together.events.ToolUsed;
import org.together.events.WellbeingEvaluated;
import org.together.schemas.EventType;
import org.together.schemas.WireNames;

class EventValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2021-07-10T12:00:00Z");

    /** Reference data as the views would hold it after seeding: one territory, the six tools, A..I. */
    private static final ReferenceData REFERENCE = new ReferenceData() {
        @Override
        public boolean isTerritoryRegistered(String territoryId) {
            return Set.of("mouscron", "porto-bonfim").contains(territoryId);
        }

        @Override
        public boolean isToolKnown(String toolId) {
            return Set.of("wellbeing-workshop", "choices-guide", "footprint-calculator", "co-evaluation-grid",
                    "action-plan", "added-value-grid").contains(toolId);
        }

        @Override
        public boolean isDimensionKnown(String code) {
            return code.length() == 1 && code.charAt(0) >= 'A' && code.charAt(0) <= 'I';
        }
    };

    private final EventValidator validator = new EventValidator(REFERENCE);

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static ObjectNode joined() {
        return json("{'eventId':'0b6f3c1e-8a4d-4f5e-9a7b-2c1d3e4f5a6b','type':'participant.joined',"
                + "'territoryId':'mouscron','occurredAt':'2021-07-10T10:00:00Z','participantId':'p-000123',"
                + "'role':'public-actor','groupId':'g1','channel':'workshop',"
                + "'source':{'app':'spiral-app','version':'2.1','formVersion':'7'}}");
    }

    private CheckedEvent check(JsonNode node) {
        return validator.validate(node, TimeWindow.territoryApps(NOW), NOW);
    }

    private List<String> errorFields(JsonNode node) {
        return check(node).errors().stream().map(FieldError::field).toList();
    }

    private static String messageFor(CheckedEvent c, String field) {
        return c.errors().stream().filter(e -> e.field().equals(field)).map(FieldError::message).findFirst()
                .orElseThrow(() -> new AssertionError("no error for " + field + " in " + c.errors()));
    }

    @Test
    void validParticipantJoinedBecomesItsAvroRecordWithWireNamesMapped() {
        CheckedEvent c = check(joined());

        assertThat(c.errors()).isEmpty();
        ValidEvent e = c.event();
        assertThat(e.type()).isEqualTo(EventType.PARTICIPANT_JOINED);
        assertThat(e.territoryId()).isEqualTo("mouscron");
        ParticipantJoined r = (ParticipantJoined) e.record("pseudonym-of-p123");
        assertThat(r.getRole()).isEqualTo(ParticipantRole.PUBLIC_ACTOR);
        assertThat(r.getChannel()).isEqualTo(JoinChannel.WORKSHOP);
        assertThat(e.participantId()).isEqualTo("p-000123");
        assertThat(r.getParticipantId()).as("the record carries the pseudonym, never the id sent").isEqualTo("pseudonym-of-p123");
        assertThat(r.getEnvelope().getOccurredAt()).isEqualTo(Instant.parse("2021-07-10T10:00:00Z"));
        assertThat(r.getEnvelope().getReceivedAt()).isEqualTo(NOW);
        assertThat(r.getEnvelope().getSource().getApp()).isEqualTo("spiral-app");
        assertThat(e.sentContentHash()).hasSize(64);
    }

    @Test
    void contentHashIgnoresKeyOrderOffsetSpellingExplicitNullsAndReceivedAt() {
        ValidEvent a = check(joined()).event();
        ObjectNode reordered = json("{'role':'public-actor','channel':'workshop','groupId':'g1','participantId':'p-000123',"
                + "'source':{'formVersion':'7','version':'2.1','app':'spiral-app'},'reason':null,"
                + "'occurredAt':'2021-07-10T12:00:00.000+02:00','territoryId':'mouscron','type':'participant.joined',"
                + "'eventId':'0B6F3C1E-8A4D-4F5E-9A7B-2C1D3E4F5A6B'}");
        reordered.remove("reason");
        reordered.putNull("groupId");
        reordered.put("groupId", "g1");
        ValidEvent b = validator.validate(reordered, TimeWindow.territoryApps(NOW), NOW.plusSeconds(30)).event();

        assertThat(b).isNotNull();
        assertThat(b.eventId()).isEqualTo(a.eventId());
        assertThat(b.sentContentHash()).isEqualTo(a.sentContentHash());
    }

    @Test
    void contentHashChangesWhenAnyFieldChanges() {
        String base = check(joined()).event().sentContentHash();
        ObjectNode otherRole = joined().put("role", "citizen");
        ObjectNode otherTime = joined().put("occurredAt", "2021-07-10T10:00:01Z");
        ObjectNode noChannel = joined();
        noChannel.remove("channel");

        assertThat(check(otherRole).event().sentContentHash()).isNotEqualTo(base);
        assertThat(check(otherTime).event().sentContentHash()).isNotEqualTo(base);
        assertThat(check(noChannel).event().sentContentHash()).isNotEqualTo(base);
    }

    @Test
    void missingRequiredFieldsAreEachNamed() {
        CheckedEvent c = check(json("{'type':'participant.joined'}"));

        assertThat(c.isValid()).isFalse();
        assertThat(c.errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("eventId", "territoryId", "occurredAt", "participantId", "role");
        assertThat(messageFor(c, "role")).isEqualTo("is required");
    }

    @Test
    void unknownFieldsAreRejectedAtEveryLevelWithTheirPath() {
        ObjectNode e = joined().put("email", "jean@example.org");
        ((ObjectNode) e.get("source")).put("deviceOwner", "Jean Dupont");

        CheckedEvent c = check(e);

        assertThat(c.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("email", "source.deviceOwner");
        assertThat(messageFor(c, "email")).contains("unknown field");
    }

    @Test
    void participantIdMustBe8To64OfTheAllowedCharacters() {
        assertThat(errorFields(joined().put("participantId", "short7c"))).containsExactly("participantId");
        assertThat(errorFields(joined().put("participantId", "x".repeat(65)))).containsExactly("participantId");
        assertThat(errorFields(joined().put("participantId", "jean.dupont@example.org"))).containsExactly("participantId");
        assertThat(errorFields(joined().put("participantId", "Jean Dupont"))).containsExactly("participantId");
        assertThat(errorFields(joined().put("participantId", 12345678))).containsExactly("participantId");
        assertThat(check(joined().put("participantId", "x".repeat(64))).isValid()).isTrue();
        assertThat(check(joined().put("participantId", "Ab_-0123")).isValid()).isTrue();
        assertThat(messageFor(check(joined().put("participantId", "short7c")), "participantId")).contains("8 to 64");
    }

    @Test
    void eventIdMustBeAUuid() {
        assertThat(errorFields(joined().put("eventId", "42"))).containsExactly("eventId");
        assertThat(errorFields(joined().put("eventId", "0b6f3c1e8a4d4f5e9a7b2c1d3e4f5a6b"))).containsExactly("eventId");
        assertThat(errorFields(joined().put("eventId", 42))).containsExactly("eventId");
    }

    @Test
    void typeMustBeOneOfTheFiveAndOtherFieldsAreStillChecked() {
        CheckedEvent c = check(joined().put("type", "participant.deleted").put("territoryId", "X"));

        assertThat(c.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("type", "territoryId");
        assertThat(messageFor(c, "type")).contains("participant.joined").contains("footprint.assessed");
        assertThat(c.type()).isEmpty();
    }

    @Test
    void territoryMustBeRegistered() {
        CheckedEvent c = check(joined().put("territoryId", "atlantis"));

        assertThat(messageFor(c, "territoryId")).contains("not registered");
    }

    @Test
    void occurredAtMustBeRfc3339WithinTheWindow() {
        assertThat(errorFields(joined().put("occurredAt", "2021-07-10"))).containsExactly("occurredAt");
        assertThat(errorFields(joined().put("occurredAt", "2021-07-10T10:00:00"))).containsExactly("occurredAt");
        assertThat(errorFields(joined().put("occurredAt", "2021-07-10T10:00Z"))).containsExactly("occurredAt");
        assertThat(errorFields(joined().put("occurredAt", "2021-02-30T10:00:00Z"))).containsExactly("occurredAt");
        assertThat(errorFields(joined().put("occurredAt", 1625911200000L))).containsExactly("occurredAt");
        assertThat(errorFields(joined().put("occurredAt", "2021-07-10T24:00:00Z"))).containsExactly("occurredAt");
        assertThat(errorFields(joined().put("occurredAt", "2021-07-10T10:00:00+25:00"))).containsExactly("occurredAt");
        assertThat(errorFields(joined().put("occurredAt", "2021-07-10T10:00:60Z"))).containsExactly("occurredAt");
        assertThat(check(joined().put("occurredAt", "2021-07-10T05:30:00-04:30")).event().occurredAt())
                .isEqualTo(Instant.parse("2021-07-10T10:00:00Z"));
        assertThat(check(joined().put("occurredAt", "2021-07-10T10:00:00.5Z")).event().occurredAt())
                .isEqualTo(Instant.parse("2021-07-10T10:00:00.500Z"));
        assertThat(check(joined().put("occurredAt", "2021-07-10t10:00:00.123456789z")).isValid()).isTrue();

        String tooOld = NOW.minus(401, ChronoUnit.DAYS).toString();
        String oldButFine = NOW.minus(399, ChronoUnit.DAYS).toString();
        String tooFarAhead = NOW.plus(6, ChronoUnit.MINUTES).toString();
        String slightlyAhead = NOW.plus(4, ChronoUnit.MINUTES).toString();
        assertThat(messageFor(check(joined().put("occurredAt", tooOld)), "occurredAt")).contains("400 days");
        assertThat(check(joined().put("occurredAt", oldButFine)).isValid()).isTrue();
        assertThat(messageFor(check(joined().put("occurredAt", tooFarAhead)), "occurredAt")).contains("5 minutes");
        assertThat(check(joined().put("occurredAt", slightlyAhead)).isValid()).isTrue();
    }

    /** Review 21: a phone 3 h ahead got the same words as an event from last year. */
    @Test
    void anEventOutsideTheWindowIsToldHowFarFromTheServersClockItIsAndWhatToDo() {
        String ahead = messageFor(check(joined().put("occurredAt", "2021-07-10T15:00:00+00:00")), "occurredAt");
        String old = messageFor(check(joined().put("occurredAt", NOW.minus(401, ChronoUnit.DAYS).toString())), "occurredAt");

        assertThat(ahead).startsWith(TimeWindow.territoryApps(NOW).rule() + ": ")
                .contains("2021-07-10T15:00:00Z is 3 h 0 min ahead of the server's clock (2021-07-10T12:00:00Z)",
                        "check the device's clock", "Date header");
        assertThat(old).contains("is 401 days before the server's clock (2021-07-10T12:00:00Z)",
                "imported by the coordination team (POST /api/v1/import").doesNotContain("device's clock");
        assertThat(validator.validate(joined().put("occurredAt", "2021-07-10T12:07:30Z"), TimeWindow.backfill(NOW), NOW)
                .errors().get(0).message()).contains("is 7 min ahead").doesNotContain("import");
    }

    @Test
    void backfillAcceptsAnyPastAgeButNotTheFuture() {
        ObjectNode old = joined().put("occurredAt", "2006-03-01T09:00:00Z");
        ObjectNode future = joined().put("occurredAt", NOW.plus(1, ChronoUnit.HOURS).toString());

        assertThat(validator.validate(old, TimeWindow.backfill(NOW), NOW).isValid()).isTrue();
        assertThat(validator.validate(future, TimeWindow.backfill(NOW), NOW).errors())
                .extracting(FieldError::field).containsExactly("occurredAt");
    }

    @Test
    void enumsUseTheContractSpellingOnly() {
        assertThat(errorFields(joined().put("role", "PUBLIC_ACTOR"))).containsExactly("role");
        assertThat(errorFields(joined().put("role", "Public-Actor"))).containsExactly("role");
        assertThat(errorFields(joined().put("channel", "phone"))).containsExactly("channel");
        assertThat(messageFor(check(joined().put("role", "admin")), "role"))
                .isEqualTo("must be one of citizen, public-actor, private-actor, association, other");
    }

    private static ObjectNode toolUsed() {
        return json("{'eventId':'1b6f3c1e-8a4d-4f5e-9a7b-2c1d3e4f5a6b','type':'tool.used','territoryId':'mouscron',"
                + "'occurredAt':'2021-07-09T18:30:00Z','toolId':'footprint-calculator','stage':'completed',"
                + "'participantId':'p-000123','rating':4,'durationMinutes':35}");
    }

    @Test
    void toolUsedNeedsACatalogueToolAndAParticipantOrGroup() {
        CheckedEvent ok = check(toolUsed());
        assertThat(ok.errors()).isEmpty();
        ToolUsed r = (ToolUsed) ok.event().record(ok.event().participantId() == null ? null : "pseudonym-1");
        assertThat(r.getStage()).isEqualTo(ToolStage.COMPLETED);
        assertThat(r.getRating()).isEqualTo(4);

        assertThat(messageFor(check(toolUsed().put("toolId", "tarot-cards")), "toolId")).contains("tool catalogue");
        ObjectNode nobody = toolUsed();
        nobody.remove("participantId");
        assertThat(messageFor(check(nobody), "participantId")).contains("at least one");
        ObjectNode group = toolUsed();
        group.remove("participantId");
        group.put("groupId", "workshop-7");
        assertThat(check(group).isValid()).isTrue();
    }

    @Test
    void ratingIsAnIntegerFrom1To5() {
        assertThat(errorFields(toolUsed().put("rating", 6))).containsExactly("rating");
        assertThat(errorFields(toolUsed().put("rating", 0))).containsExactly("rating");
        assertThat(errorFields(toolUsed().put("rating", 4.5))).containsExactly("rating");
        assertThat(errorFields(toolUsed().put("rating", "4"))).containsExactly("rating");
        assertThat(errorFields(json(toolUsed().toString().replace("\"rating\":4", "\"rating\":1e400")))).containsExactly("rating");
        assertThat(errorFields(json(toolUsed().toString().replace("\"rating\":4",
                "\"rating\":123456789012345678901234567890")))).containsExactly("rating");
        assertThat(errorFields(toolUsed().put("durationMinutes", -1))).containsExactly("durationMinutes");
        assertThat(messageFor(check(toolUsed().put("rating", 6)), "rating")).isEqualTo("must be an integer from 1 to 5");
    }

    private static ObjectNode spiral() {
        return json("{'eventId':'2b6f3c1e-8a4d-4f5e-9a7b-2c1d3e4f5a6b','type':'wellbeing.evaluated','territoryId':'mouscron',"
                + "'occurredAt':'2021-07-08T15:00:00Z','groupId':'young-mothers','participantsCount':9,'method':'spiral-criteria',"
                + "'criteria':[{'dimension':'A','component':'A01','question':'wellbeing','count':4},"
                + "{'dimension':'D','question':'illbeing','count':2},"
                + "{'dimension':'H','component':'H03','question':'action','count':1}]}");
    }

    private static ObjectNode coEvaluation() {
        return json("{'eventId':'3b6f3c1e-8a4d-4f5e-9a7b-2c1d3e4f5a6b','type':'wellbeing.evaluated','territoryId':'mouscron',"
                + "'occurredAt':'2021-07-08T15:00:00Z','groupId':'council','participantsCount':12,'method':'co-evaluation',"
                + "'scores':{'A':4,'B':2,'I':5}}");
    }

    @Test
    void spiralCriteriaEvaluationCarriesItsCriteria() {
        CheckedEvent c = check(spiral());

        assertThat(c.errors()).isEmpty();
        WellbeingEvaluated r = (WellbeingEvaluated) c.event().record(null);
        assertThat(r.getMethod()).isEqualTo(EvaluationMethod.SPIRAL_CRITERIA);
        assertThat(r.getCriteria()).hasSize(3);
        assertThat(r.getCriteria().get(1).getComponent()).isNull();
        assertThat(r.getCriteria().get(2).getQuestion()).isEqualTo(SpiralQuestion.ACTION);
        assertThat(r.getScores()).isEmpty();
    }

    @Test
    void criteriaErrorsNameTheElementAndTheRule() {
        ObjectNode e = spiral();
        ((ObjectNode) e.get("criteria").get(2)).put("dimension", "J");
        ((ObjectNode) e.get("criteria").get(0)).put("component", "B01");
        ((ObjectNode) e.get("criteria").get(1)).put("count", 0).put("note", "Marie said...");

        CheckedEvent c = check(e);

        assertThat(c.errors()).extracting(FieldError::field).containsExactlyInAnyOrder(
                "criteria[2].dimension", "criteria[0].component", "criteria[1].count", "criteria[1].note");
        assertThat(messageFor(c, "criteria[2].dimension")).contains("A to I");
        assertThat(messageFor(c, "criteria[0].component")).contains("dimension A");
    }

    @Test
    void criteriaOnlyForSpiralCriteriaAndScoresOnlyForCoEvaluation() {
        ObjectNode withScores = spiral();
        withScores.putObject("scores").put("A", 3);
        ObjectNode withCriteria = coEvaluation();
        withCriteria.set("criteria", spiral().get("criteria"));
        ObjectNode noCriteria = spiral();
        noCriteria.remove("criteria");
        ObjectNode emptyScores = coEvaluation();
        emptyScores.putObject("scores");

        assertThat(messageFor(check(withScores), "scores")).contains("co-evaluation");
        assertThat(messageFor(check(withCriteria), "criteria")).contains("spiral-criteria");
        assertThat(errorFields(noCriteria)).containsExactly("criteria");
        assertThat(errorFields(emptyScores)).containsExactly("scores");
    }

    @Test
    void coEvaluationScoresAreDimensionsScored1To5() {
        CheckedEvent ok = check(coEvaluation());
        assertThat(ok.errors()).isEmpty();
        assertThat(((WellbeingEvaluated) ok.event().record(null)).getScores()).containsEntry("I", 5).hasSize(3);

        ObjectNode bad = coEvaluation();
        ((ObjectNode) bad.get("scores")).put("Z", 3).put("B", 6);
        assertThat(errorFields(bad)).containsExactlyInAnyOrder("scores.Z", "scores.B");
        assertThat(errorFields(coEvaluation().put("participantsCount", 201))).containsExactly("participantsCount");
        assertThat(errorFields(coEvaluation().put("participantsCount", 0))).containsExactly("participantsCount");
        assertThat(errorFields(coEvaluation().put("method", "survey"))).containsExactly("method");
    }

    private static ObjectNode footprint() {
        return json("{'eventId':'4b6f3c1e-8a4d-4f5e-9a7b-2c1d3e4f5a6b','type':'footprint.assessed','territoryId':'mouscron',"
                + "'occurredAt':'2021-07-08T15:00:00Z','participantId':'p-000123','tonnesCo2ePerYear':7.4,"
                + "'breakdown':{'food':2.1,'housing':2,'mobility':1.9,'goods':0.9,'publicServices':0.5}}");
    }

    @Test
    void footprintIsTonnesFrom0To200WithAnOptionalBreakdown() {
        CheckedEvent ok = check(footprint());
        assertThat(ok.errors()).isEmpty();
        FootprintAssessed r = (FootprintAssessed) ok.event().record(ok.event().participantId() == null ? null : "pseudonym-1");
        assertThat(r.getTonnesCo2ePerYear()).isEqualTo(7.4);
        assertThat(r.getBreakdown().getHousing()).isEqualTo(2.0);

        assertThat(errorFields(footprint().put("tonnesCo2ePerYear", -0.1))).containsExactly("tonnesCo2ePerYear");
        assertThat(errorFields(footprint().put("tonnesCo2ePerYear", 200.01))).containsExactly("tonnesCo2ePerYear");
        assertThat(errorFields(footprint().put("tonnesCo2ePerYear", "7.4"))).containsExactly("tonnesCo2ePerYear");
        assertThat(errorFields(json(footprint().toString().replace("7.4", "1e400")))).containsExactly("tonnesCo2ePerYear");
        ObjectNode badBreakdown = footprint();
        ((ObjectNode) badBreakdown.get("breakdown")).put("heating", 1.0).put("food", -1);
        assertThat(errorFields(badBreakdown)).containsExactlyInAnyOrder("breakdown.heating", "breakdown.food");
        ObjectNode zero = footprint().put("tonnesCo2ePerYear", 0);
        zero.remove("breakdown");
        assertThat(check(zero).isValid()).isTrue();
    }

    @Test
    void aBreakdownAddingUpToMoreThanTheTotalIsRejectedNamingBreakdownRoundingAside() {
        assertThat(errorFields(footprint().put("tonnesCo2ePerYear", 2))).containsExactly("breakdown");
        assertThat(messageFor(check(footprint().put("tonnesCo2ePerYear", 2)), "breakdown"))
                .isEqualTo("its parts add up to 7.4 t, more than tonnesCo2ePerYear (2.0 t): the parts are shares of that total, in the same unit");
        assertThat(check(footprint().put("tonnesCo2ePerYear", 7.36)).isValid()).as("five parts rounded to 0.01 t").isTrue();
        assertThat(check(footprint().put("tonnesCo2ePerYear", 12)).isValid()).as("part of the total left unassigned").isTrue();
        ObjectNode some = footprint().put("tonnesCo2ePerYear", 3);
        ((ObjectNode) some.get("breakdown")).retain("food");
        assertThat(check(some).isValid()).as("only some domains given").isTrue();
    }

    @Test
    void aNumberSentAsTextSaysToWriteItAsAJsonNumber() {
        assertThat(messageFor(check(footprint().put("tonnesCo2ePerYear", "6,4")), "tonnesCo2ePerYear"))
                .isEqualTo("must be a number from 0 to 200, written as a JSON number without quotes and with a decimal point (6.4, not \"6,4\")");
        assertThat(messageFor(check(footprint().put("tonnesCo2ePerYear", 201)), "tonnesCo2ePerYear")).isEqualTo("must be a number from 0 to 200");
    }

    @Test
    void sameNumberSpelledDifferentlyIsTheSameContent() {
        String a = check(footprint().put("tonnesCo2ePerYear", 8)).event().sentContentHash();
        String b = check(json(footprint().toString().replace("7.4", "8.00"))).event().sentContentHash();

        assertThat(a).isEqualTo(b);
    }

    @Test
    void nonObjectElementsAreRejected() {
        assertThat(check(JSON.getNodeFactory().textNode("participant.joined")).errors())
                .containsExactly(new FieldError("event", "must be a JSON object"));
        assertThat(check(JSON.getNodeFactory().arrayNode()).isValid()).isFalse();
        assertThat(check(JSON.getNodeFactory().nullNode()).isValid()).isFalse();
    }

    @Test
    void aLeaveReasonIsOneOfFiveCodesNeverFreeText() {
        ObjectNode left = json("{'eventId':'5b6f3c1e-8a4d-4f5e-9a7b-2c1d3e4f5a6b','type':'participant.left','territoryId':'mouscron',"
                + "'occurredAt':'2021-07-08T15:00:00Z','participantId':'p-000123','reason':'moved'}");
        for (String code : List.of("moved", "no-time", "lost-interest", "project-ended", "other")) {
            CheckedEvent c = check(left.deepCopy().put("reason", code));
            assertThat(c.errors()).as(code).isEmpty();
            assertThat(((ParticipantLeft) c.event().record("pseudonym-1")).getReasonCode())
                    .isEqualTo(WireNames.parse(ParticipantLeftReason.class, code));
            assertThat(((ParticipantLeft) c.event().record("pseudonym-1")).getReason()).as("no free text is written").isNull();
        }
        ObjectNode noReason = left.deepCopy();
        noReason.remove("reason");
        assertThat(check(noReason).isValid()).isTrue();
        for (String text : List.of("moved away", "health", "Moved", "MOVED", "no_time", "", "r".repeat(201))) {
            CheckedEvent c = check(left.deepCopy().put("reason", text));
            assertThat(c.isValid()).as(text).isFalse();
            assertThat(messageFor(c, "reason")).isEqualTo("must be one of moved, no-time, lost-interest, project-ended, other");
        }
        assertThat(errorFields(left.deepCopy().put("reason", 3))).containsExactly("reason");
    }

    @Test
    void sourceFieldsAreNamesAndVersionsNeverFreeText() {
        for (String name : List.of("app", "version", "formVersion")) {
            for (String ok : List.of("spiral-app", "2.1.0", "v3_beta", "x", "A".repeat(64))) {
                ObjectNode e = joined();
                ((ObjectNode) e.get("source")).put(name, ok);
                assertThat(check(e).errors()).as(name + "=" + ok).isEmpty();
            }
            for (String bad : List.of("Jeanne's phone", "spiral app", "é", "a/b", "", "A".repeat(65), "app\u0000")) {
                ObjectNode e = joined();
                ((ObjectNode) e.get("source")).put(name, bad);
                CheckedEvent c = check(e);
                assertThat(c.isValid()).as(name + "=" + bad).isFalse();
                assertThat(messageFor(c, "source." + name)).startsWith("must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
            }
        }
    }

    @Test
    void wrongTypesAreNamed() {
        ObjectNode sourceNotObject = joined();
        sourceNotObject.put("source", "spiral-app");
        assertThat(errorFields(sourceNotObject)).containsExactly("source");
        ObjectNode criteriaNotArray = spiral();
        criteriaNotArray.put("criteria", "A:4");
        assertThat(errorFields(criteriaNotArray)).containsExactly("criteria");
    }
}
