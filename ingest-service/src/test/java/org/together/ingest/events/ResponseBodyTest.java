package org.together.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.together.ingest.http.Json;
import org.together.ingest.validation.FieldError;

/** The events response written field by field is byte for byte what the object mapper wrote for it before. */
class ResponseBodyTest {

    private static final String[] IDS = {null, "0b6f3c1e-8a4d-4f5e-9a7b-2c1d3e4f5a6b", "", "quote\"back\\slash",
        "ctrl\u0001\n\t", "été 🙂 \ud83d lone", "\u2028\u007f", "x".repeat(300)};
    private static final String[] STATUSES = {EventResult.ACCEPTED, EventResult.DUPLICATE, EventResult.CONFLICT,
        EventResult.REJECTED};

    @Test
    void bodyIsTheBytesTheObjectMapperWroteForTheSameResults() throws Exception {
        Random random = new Random(202);
        for (int n : new int[] {0, 1, 2, 7, 100, 1000}) {
            for (int round = 0; round < 20; round++) {
                EventResult[] results = new EventResult[n];
                for (int i = 0; i < n; i++) {
                    List<FieldError> errors = new ArrayList<>();
                    for (int e = random.nextInt(3) == 0 ? random.nextInt(4) : 0; e > 0; e--) {
                        errors.add(new FieldError("criteria[" + e + "].dimension", "must be one of \"a\", " + IDS[random.nextInt(IDS.length)]));
                    }
                    List<FieldError> warnings = random.nextInt(5) == 0
                            ? List.of(new FieldError("participantId", "no join " + IDS[random.nextInt(IDS.length)])) : List.of();
                    results[i] = new EventResult(i, IDS[random.nextInt(IDS.length)], STATUSES[random.nextInt(4)], errors, warnings);
                }
                int[] counts = {random.nextInt(1000), random.nextInt(1000), random.nextInt(1000), random.nextInt(1000)};

                Map<String, Object> before = new LinkedHashMap<>();
                before.put("accepted", counts[0]);
                before.put("duplicates", counts[1]);
                before.put("conflicts", counts[2]);
                before.put("rejected", counts[3]);
                before.put("results", List.of(results));
                if (results.length == 0) {
                    before.put("message", "the array holds no events");
                }

                assertThat(new String(ResultsBody.of(results, counts[0], counts[1], counts[2], counts[3]), "UTF-8"))
                        .isEqualTo(new String(Json.MAPPER.writeValueAsBytes(before), "UTF-8"));
                assertThat(ResultsBody.of(results, counts[0], counts[1], counts[2], counts[3]))
                        .isEqualTo(Json.MAPPER.writeValueAsBytes(before));
            }
        }
    }
}
