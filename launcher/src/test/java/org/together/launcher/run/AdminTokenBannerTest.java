package org.together.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.together.launcher.AdminToken;
import org.together.launcher.KeptSecret;

/** The banner's admin token lines: the new token itself goes to a terminal only, never into a log file. */
class AdminTokenBannerTest {

    @TempDir
    Path dataDir;

    @Test
    void aNewTokenIsPrintedToATerminalOnlyOtherwiseTheFileIsNamed() {
        KeptSecret token = AdminToken.resolve(null, dataDir);
        Path file = dataDir.resolve("admin-token");

        assertThat(RunCommand.adminTokenLines(token, dataDir, true)).containsExactly("  Admin token       " + token.value(),
                "                    (shown this once; kept in " + file + ", readable by you only)");
        assertThat(String.join("\n", RunCommand.adminTokenLines(token, dataDir, false))).doesNotContain(token.value())
                .contains("kept in " + file, "not printed: this output is not a terminal", "read it with: cat " + file);
    }

    @Test
    void theBannerNamesWhereTheViewerTokenIsKeptForTheDashboardNeverTheTokenItself() {
        KeptSecret viewer = org.together.launcher.ViewerToken.resolve(null, dataDir);
        assertThat(RunCommand.viewerTokenLine(viewer)).isEqualTo("  Viewer token      kept in " + dataDir.resolve("viewer-token")
                + " (exact figures only: for the dashboard)").doesNotContain(viewer.value());
        assertThat(RunCommand.viewerTokenLine(org.together.launcher.ViewerToken.resolve("v".repeat(30), dataDir)))
                .isEqualTo("  Viewer token      from TOGETHER_VIEWER_TOKEN (exact figures only: for the dashboard)");
    }

    @Test
    void aTestProcessesStdoutIsNotATerminal() {
        // what RunProcessTest relies on, and what nohup, systemd and "> run.log" give run
        assertThat(RunCommand.stdoutIsATerminal()).isFalse();
    }
}
