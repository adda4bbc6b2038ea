package org.together.systemtests.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.together.systemtests.Checkout;

/** docs/operations.md keeps up with the launcher: every setting it reads is in the settings table. */
class OperationsDocTest {

    private static final Path CHECKOUT = Checkout.root();
    private static final Path LAUNCHER_SOURCES = CHECKOUT.resolve("launcher/src/main/java/org/together/launcher");

    @Test
    void everyFlagWithAnEnvironmentVariableIsOneRowOfTheSettingsTable() throws IOException {
        Map<String, String> variables = new TreeMap<>();
        Matcher entry = Pattern.compile("Map\\.entry\\(\"(--[a-z-]+)\",\\s*\"(TOGETHER_[A-Z_]+)\"\\)")
                .matcher(Files.readString(LAUNCHER_SOURCES.resolve("EnvDefaults.java")));
        while (entry.find()) {
            variables.put(entry.group(1), entry.group(2));
        }
        assertThat(variables).as("flags the launcher maps to variables").isNotEmpty();

        List<String> rows = settingsRows();
        variables.forEach((flag, variable) -> assertThat(rows)
                .as("a settings row naming `%s` and `%s`", flag, variable)
                .anyMatch(row -> row.contains("`" + flag) && row.contains("`" + variable + "`")));
    }

    @Test
    void everyVariableAndServerOptionOfTheLauncherIsDocumented() throws IOException {
        String launcher = launcherSources(LAUNCHER_SOURCES);
        String table = String.join("\n", settingsRows());

        TreeSet<String> variables = new TreeSet<>();
        Matcher literal = Pattern.compile("\"(TOGETHER_[A-Z_]*[A-Z])\"").matcher(launcher);
        while (literal.find()) {
            variables.add(literal.group(1));
        }
        assertThat(variables).as("variables the launcher reads").isNotEmpty();
        assertThat(variables.stream().filter(v -> !table.contains("`" + v)))
                .as("variables missing from the settings table").isEmpty();

        TreeSet<String> options = new TreeSet<>();
        Matcher option = Pattern.compile("@Option\\(names\\s*=\\s*\"(--[a-z-]+)\"").matcher(launcherSources(LAUNCHER_SOURCES.resolve("run")));
        while (option.find()) {
            options.add(option.group(1));
        }
        assertThat(options).as("options of run, ingest-service and aggregation-streams").isNotEmpty();
        assertThat(options.stream().filter(o -> !table.contains("`" + o)))
                .as("server options missing from the settings table").isEmpty();
    }

    /** The rows of the first table under "## Settings". */
    private static List<String> settingsRows() throws IOException {
        List<String> lines = Files.readAllLines(CHECKOUT.resolve("docs/operations.md"));
        int section = lines.indexOf("## Settings");
        assertThat(section).as("docs/operations.md has a Settings section").isNotNegative();
        List<String> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines.subList(section + 1, lines.size())) {
            if (line.startsWith("|")) {
                inTable = true;
                rows.add(line);
            } else if (inTable) {
                break;
            }
        }
        return rows;
    }

    private static String launcherSources(Path dir) throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                all.append(Files.readString(file)).append('\n');
            }
        }
        return all.toString();
    }
}
