package org.together.ingest.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.together.events.ApproachEvaluated;
import org.together.events.ApproachEvidence;
import org.together.events.ApproachKind;
import org.together.events.ApproachSubject;
import org.together.schemas.EventType;

/** An approach evaluated with the Annex 1 grid: what is accepted, and every rule a team can break. */
class ApproachValidationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2021-07-10T12:00:00Z");
    private static final ReferenceData REFERENCE = new ReferenceData() {
        @Override
        public boolean isTerritoryRegistered(String territoryId) {
            return Set.of("mouscron").contains(territoryId);
        }

        @Override
        public boolean isToolKnown(String toolId) {
            return false;
        }

        @Override
        public boolean isDimensionKnown(String code) {
            return true;
        }
    };

    private final EventValidator validator = new EventValidator(REFERENCE);

    private static ObjectNode evaluation() {
        try {
            return (ObjectNode) JSON.readTree(("{'eventId':'6f1c1b0e-3a2d-4c5e-8f7a-1b2c3d4e5f60','type':'approach.evaluated',"
                    + "'territoryId':'mouscron','occurredAt':'2021-07-10T10:00:00Z','approachId':'csa-les-jardins',"
                    + "'approachKind':'community-supported-agriculture','subject':'approach','groupId':'council-1',"
                    + "'resourceEfficiency':{'short-circuits':5,'local-resource-cost':4},"
                    + "'immaterialWellbeing':{'relations':5,'inclusion':3},"
                    + "'keyElements':['decision-autonomy','direct-democracy'],'evidence':'spiral-co-evaluation',"
                    + "'tonnesCo2eAvoidedPerYear':12.5}").replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private CheckedEvent check(ObjectNode node) {
        return validator.validate(node, TimeWindow.territoryApps(NOW), NOW);
    }

    private static String messageFor(CheckedEvent c, String field) {
        return c.errors().stream().filter(e -> e.field().equals(field)).map(FieldError::message).findFirst()
                .orElseThrow(() -> new AssertionError("no error for " + field + " in " + c.errors()));
    }

    @Test
    void aCommunitySupportedAgricultureEvaluationBecomesItsAvroRecord() {
        CheckedEvent c = check(evaluation());
        assertThat(c.errors()).isEmpty();
        assertThat(c.event().type()).isEqualTo(EventType.APPROACH_EVALUATED);
        ApproachEvaluated e = (ApproachEvaluated) c.event().record(null);
        assertThat(e.getApproachId()).isEqualTo("csa-les-jardins");
        assertThat(e.getApproachKind()).isEqualTo(ApproachKind.COMMUNITY_SUPPORTED_AGRICULTURE);
        assertThat(e.getSubject()).isEqualTo(ApproachSubject.APPROACH);
        assertThat(e.getResourceEfficiency()).isEqualTo(Map.of("short-circuits", 5, "local-resource-cost", 4));
        assertThat(e.getImmaterialWellbeing()).isEqualTo(Map.of("relations", 5, "inclusion", 3));
        assertThat(e.getKeyElements()).containsExactly("decision-autonomy", "direct-democracy");
        assertThat(e.getEvidence()).isEqualTo(ApproachEvidence.SPIRAL_CO_EVALUATION);
        assertThat(e.getTonnesCo2eAvoidedPerYear()).isEqualTo(12.5);
        assertThat(e.getEnvelope().getTerritoryId()).isEqualTo("mouscron");
    }

    @Test
    void keyElementsListedInAnotherOrderAreTheSameEvent() {
        ObjectNode reordered = evaluation();
        reordered.putArray("keyElements").add("direct-democracy").add("decision-autonomy");
        assertThat(check(reordered).event().sentContentHash()).isEqualTo(check(evaluation()).event().sentContentHash());
    }

    @Test
    void aScoreOutsideOneToFiveIsRejectedNamingItsComponent() {
        ObjectNode e = evaluation();
        ((ObjectNode) e.get("resourceEfficiency")).put("short-circuits", 6);
        CheckedEvent c = check(e);
        assertThat(c.isValid()).isFalse();
        assertThat(messageFor(c, "resourceEfficiency.short-circuits")).isEqualTo("must be an integer from 1 to 5");
    }

    @Test
    void aComponentOutsideTheGridIsRejected() {
        ObjectNode e = evaluation();
        ((ObjectNode) e.get("immaterialWellbeing")).put("happiness", 4);
        assertThat(messageFor(check(e), "immaterialWellbeing.happiness"))
                .startsWith("unknown component: immaterialWellbeing scores relations, recognition");
    }

    @Test
    void anEvaluationWithoutAnyScoreIsRejected() {
        ObjectNode e = evaluation();
        e.remove("resourceEfficiency");
        e.putObject("immaterialWellbeing");
        assertThat(messageFor(check(e), "resourceEfficiency")).contains("at least one score");
    }

    @Test
    void everyOtherRuleNamesItsField() {
        ObjectNode e = evaluation();
        e.put("approachId", "CSA!");
        e.put("approachKind", "cooperative");
        e.put("subject", "project");
        e.putArray("keyElements").add("direct-democracy").add("good-vibes").add("direct-democracy");
        e.put("evidence", "hearsay");
        e.put("tonnesCo2eAvoidedPerYear", 1_000_001);
        e.put("comment", "Marie said it works");
        CheckedEvent c = check(e);
        assertThat(c.errors()).extracting(FieldError::field).containsExactlyInAnyOrder("approachId", "approachKind", "subject",
                "keyElements[1]", "keyElements[2]", "evidence", "tonnesCo2eAvoidedPerYear", "comment");
        assertThat(messageFor(c, "approachId")).isEqualTo("must be 3 to 64 characters of a-z, 0-9 or '-'");
        assertThat(messageFor(c, "approachKind")).contains("local-partnership", "community-supported-agriculture");
        assertThat(messageFor(c, "keyElements[2]")).isEqualTo("is listed twice");
        assertThat(messageFor(c, "tonnesCo2eAvoidedPerYear")).isEqualTo("must be a number from 0 to 1000000");
    }

    @Test
    void requiredFieldsAreNamedWhenMissing() {
        ObjectNode e = evaluation();
        for (String f : List.of("approachId", "approachKind", "subject", "evidence")) {
            e.remove(f);
        }
        assertThat(check(e).errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("approachId", "approachKind", "subject", "evidence");
    }
}
