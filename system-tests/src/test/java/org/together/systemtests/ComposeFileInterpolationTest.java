package org.together.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compose checks read the file as Compose would: these are Compose's interpolation rules. */
class ComposeFileInterpolationTest {

    @Test
    void colonDashDefaultsWhenUnsetOrEmptyAndDashOnlyWhenUnset() {
        Map<String, String> empty = Map.of("V", "");
        assertThat(ComposeFile.interpolate("${V:-d}", Map.of())).isEqualTo("d");
        assertThat(ComposeFile.interpolate("${V:-d}", empty)).isEqualTo("d");
        assertThat(ComposeFile.interpolate("${V-d}", Map.of())).isEqualTo("d");
        assertThat(ComposeFile.interpolate("${V-d}", empty)).isEmpty();
        assertThat(ComposeFile.interpolate("x${V:-d}y", Map.of("V", "v"))).isEqualTo("xvy");
    }

    @Test
    void plainReferencesAndEscapedDollars() {
        assertThat(ComposeFile.interpolate("$V and ${V}", Map.of("V", "v"))).isEqualTo("v and v");
        assertThat(ComposeFile.interpolate("${MISSING}", Map.of())).isEmpty();
        assertThat(ComposeFile.interpolate("cost $$5", Map.of())).isEqualTo("cost $5");
    }

    @Test
    void questionMarkFailsWithItsMessageWhenTheVariableIsMissing() {
        assertThatThrownBy(() -> ComposeFile.interpolate("${TOKEN:?set TOKEN first}", Map.of("TOKEN", "")))
                .hasMessageContaining("TOKEN").hasMessageContaining("set TOKEN first");
        assertThat(ComposeFile.interpolate("${TOKEN:?set TOKEN first}", Map.of("TOKEN", "t"))).isEqualTo("t");
    }
}
