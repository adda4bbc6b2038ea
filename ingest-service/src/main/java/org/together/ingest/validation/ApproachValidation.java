package org.together.ingest.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.together.events.ApproachEvaluated;
import org.together.events.ApproachEvidence;
import org.together.events.ApproachKind;
import org.together.events.ApproachSubject;
import org.together.events.EventEnvelope;
import org.together.schemas.Annex1;

/** The rules of {@code approach.evaluated}: the Annex 1 grid of a decentralised approach. */
final class ApproachValidation {

    static final Predicate<String> APPROACH_ID = Shapes.chars(3, 64, c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-');
    static final String APPROACH_RULE = "must be 3 to 64 characters of a-z, 0-9 or '-'";

    private ApproachValidation() {
    }

    /** @return the record, made once every rule passed (an approach's evaluation names no participant) */
    static Function<String, SpecificRecord> approachEvaluated(Fields f, Supplier<EventEnvelope> envelope) {
        String approachId = f.string("approachId", true, APPROACH_ID, APPROACH_RULE, 64);
        ApproachKind kind = f.enumValue("approachKind", true, ApproachKind.class);
        ApproachSubject subject = f.enumValue("subject", true, ApproachSubject.class);
        String groupId = f.string("groupId", false, EventValidator.GROUP_ID, EventValidator.GROUP_RULE, 64);
        Map<String, Integer> efficiency = scores(f, "resourceEfficiency", Annex1.RESOURCE_EFFICIENCY);
        Map<String, Integer> wellbeing = scores(f, "immaterialWellbeing", Annex1.IMMATERIAL_WELLBEING);
        if (efficiency != null && wellbeing != null && efficiency.isEmpty() && wellbeing.isEmpty()) {
            f.error("resourceEfficiency", "at least one score is required, in resourceEfficiency or immaterialWellbeing");
        }
        List<String> keyElements = keyElements(f);
        ApproachEvidence evidence = f.enumValue("evidence", true, ApproachEvidence.class);
        Double tonnes = f.number("tonnesCo2eAvoidedPerYear", false, 0, Annex1.MAX_TONNES_AVOIDED);
        Map<String, Integer> e = efficiency == null ? Map.of() : efficiency;
        Map<String, Integer> w = wellbeing == null ? Map.of() : wellbeing;
        return noParticipant -> new ApproachEvaluated(envelope.get(), approachId, kind, subject, groupId, e, w, keyElements, evidence, tonnes);
    }

    /** @return the scores (empty when the field is absent), or null when the field is broken */
    private static Map<String, Integer> scores(Fields f, String field, List<String> components) {
        Map<String, Integer> scores = new TreeMap<>();
        if (f.present(field) == null) {
            return scores;
        }
        ObjectNode node = f.object(field, false);
        if (node == null) {
            return null;
        }
        Fields s = new Fields(node, f.path(field), f.errors());
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String component = it.next();
            if (!components.contains(component)) {
                s.present(component);
                s.error(component, "unknown component: " + field + " scores " + String.join(", ", components));
                continue;
            }
            Integer score = s.integer(component, true, 1, 5);
            if (score != null) {
                scores.put(component, score);
            }
        }
        f.putCanonical(field, s.canonical());
        return scores;
    }

    private static List<String> keyElements(Fields f) {
        ArrayNode array = f.array("keyElements", false);
        if (array == null) {
            return List.of();
        }
        TreeSet<String> elements = new TreeSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode item = array.get(i);
            if (!item.isTextual() || !Annex1.KEY_ELEMENTS.contains(item.textValue())) {
                f.errors().add(new FieldError(f.path("keyElements") + "[" + i + "]",
                        "must be one of " + String.join(", ", Annex1.KEY_ELEMENTS)));
            } else if (!elements.add(item.textValue())) {
                f.errors().add(new FieldError(f.path("keyElements") + "[" + i + "]", "is listed twice"));
            }
        }
        // a set: the order they were listed in does not make another event
        f.putCanonical("keyElements", new ArrayList<>(elements));
        return new ArrayList<>(elements);
    }
}
