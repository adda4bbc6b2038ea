package org.together.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class CompatibilityLevelTest {

    /** A record "Visit" with the given fields, e.g. {@code "a":"string"} or {@code "b":"string":"x"} (with default). */
    static Schema visit(String... fields) {
        StringBuilder json = new StringBuilder("{\"type\":\"record\",\"name\":\"Visit\",\"namespace\":\"t\",\"fields\":[");
        for (int i = 0; i < fields.length; i++) {
            String[] parts = fields[i].split(":");
            json.append(i == 0 ? "" : ",").append("{\"name\":\"").append(parts[0]).append("\",\"type\":\"")
                    .append(parts[1]).append('"');
            if (parts.length > 2) {
                json.append(",\"default\":\"").append(parts[2]).append('"');
            }
            json.append('}');
        }
        return new Schema.Parser().parse(json.append("]}").toString());
    }

    private static final Schema A = visit("a:string");
    private static final Schema A_B_DEFAULT = visit("a:string", "b:string:x");
    private static final Schema A_B_REQUIRED = visit("a:string", "b:string");
    private static final Schema A_AS_INT = visit("a:int");
    private static final Schema NOTHING = visit();

    @Test
    void noneAcceptsEvenAChangeOfFieldType() {
        assertThat(CompatibilityLevel.NONE.isCompatible(A_AS_INT, List.of(A))).isTrue();
        assertThat(CompatibilityLevel.NONE.incompatibilities(A_AS_INT, List.of(A))).isEmpty();
    }

    @Test
    void backwardAcceptsAFieldWithDefaultAndRejectsARequiredNewField() {
        assertThat(CompatibilityLevel.BACKWARD.isCompatible(A_B_DEFAULT, List.of(A))).isTrue();
        assertThat(CompatibilityLevel.BACKWARD.isCompatible(A_B_REQUIRED, List.of(A))).isFalse();
        assertThat(CompatibilityLevel.BACKWARD.incompatibilities(A_B_REQUIRED, List.of(A)))
                .anySatisfy(m -> assertThat(m).contains("READER_FIELD_MISSING_DEFAULT_VALUE").contains("'b'"))
                .anySatisfy(m -> assertThat(m).contains("compatibility: 'BACKWARD'"));
    }

    @Test
    void forwardAcceptsANewRequiredFieldAndRejectsDroppingOne() {
        // Old readers ignore a field they do not know, but need the ones they have no default for.
        assertThat(CompatibilityLevel.FORWARD.isCompatible(A_B_REQUIRED, List.of(A))).isTrue();
        assertThat(CompatibilityLevel.FORWARD.isCompatible(NOTHING, List.of(A))).isFalse();
    }

    @Test
    void fullAcceptsAFieldWithDefaultAndRejectsARequiredNewField() {
        assertThat(CompatibilityLevel.FULL.isCompatible(A_B_DEFAULT, List.of(A))).isTrue();
        assertThat(CompatibilityLevel.FULL.isCompatible(A_B_REQUIRED, List.of(A))).isFalse();
        assertThat(CompatibilityLevel.FULL.isCompatible(NOTHING, List.of(A))).isFalse();
    }

    @Test
    void backwardComparesWithTheLatestOnlyWhileTransitiveComparesWithEveryVersion() {
        // Against v2 (b with default) a required b is readable; against v1 (no b at all) it is not.
        List<Schema> history = List.of(A, A_B_DEFAULT);
        assertThat(CompatibilityLevel.BACKWARD.isCompatible(A_B_REQUIRED, history)).isTrue();
        assertThat(CompatibilityLevel.BACKWARD_TRANSITIVE.isCompatible(A_B_REQUIRED, history)).isFalse();
        assertThat(CompatibilityLevel.BACKWARD_TRANSITIVE.isCompatible(visit("a:string", "b:string:x", "c:string:y"), history))
                .isTrue();
    }

    @Test
    void forwardComparesWithTheLatestOnlyWhileTransitiveComparesWithEveryVersion() {
        // Dropping b: v2 readers default it, v1 readers require it.
        List<Schema> history = List.of(A_B_REQUIRED, A_B_DEFAULT);
        assertThat(CompatibilityLevel.FORWARD.isCompatible(A, history)).isTrue();
        assertThat(CompatibilityLevel.FORWARD_TRANSITIVE.isCompatible(A, history)).isFalse();
        assertThat(CompatibilityLevel.FORWARD_TRANSITIVE.isCompatible(visit("a:string", "b:string", "c:string"), history))
                .isTrue();
    }

    @Test
    void fullComparesWithTheLatestOnlyWhileTransitiveComparesWithEveryVersion() {
        List<Schema> history = List.of(A, A_B_DEFAULT);
        assertThat(CompatibilityLevel.FULL.isCompatible(A_B_REQUIRED, history)).isTrue();
        assertThat(CompatibilityLevel.FULL_TRANSITIVE.isCompatible(A_B_REQUIRED, history)).isFalse();
        assertThat(CompatibilityLevel.FULL_TRANSITIVE.isCompatible(visit("a:string", "b:string:x", "c:string:y"), history))
                .isTrue();
    }

    @Test
    void everyLevelAcceptsTheFirstVersionOfASubject() {
        for (CompatibilityLevel level : CompatibilityLevel.values()) {
            assertThat(level.isCompatible(A_AS_INT, List.of())).as(level.name()).isTrue();
        }
    }

    @Test
    void levelsParseCaseInsensitivelyAndUnknownNamesDoNot() {
        assertThat(CompatibilityLevel.parse("full_transitive")).contains(CompatibilityLevel.FULL_TRANSITIVE);
        assertThat(CompatibilityLevel.parse("BACKWARD")).contains(CompatibilityLevel.BACKWARD);
        assertThat(CompatibilityLevel.parse("SIDEWAYS")).isEmpty();
        assertThat(CompatibilityLevel.parse(null)).isEmpty();
        assertThat(CompatibilityLevel.DEFAULT).isEqualTo(CompatibilityLevel.BACKWARD);
    }
}
