package org.together.reports.export;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The licence researchers may reuse the research export under, as the network's coordination team chose it
 * ({@code TOGETHER_EXPORT_LICENSE}, an SPDX licence id): the network's decision, not the software's, so there is no
 * default. Written into {@code datapackage.json} as a Frictionless {@code licenses} entry.
 *
 * @param name the SPDX id, like {@code CC-BY-4.0}
 * @param path where the licence's text is
 * @param title the licence's name for people
 */
public record ExportLicence(String name, String path, String title) {

    /** The environment variable the launcher reads the licence from. */
    public static final String ENVIRONMENT = "TOGETHER_EXPORT_LICENSE";

    /** SPDX's character set for a licence id ({@code idstring} of the SPDX licence expression syntax). */
    private static final Pattern SPDX_ID = Pattern.compile("[A-Za-z0-9.\\-]{1,64}");

    /** The open-data licences a network is likely to choose, with their canonical title and text. */
    private static final Map<String, ExportLicence> KNOWN = Map.of(
            "CC0-1.0", new ExportLicence("CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/",
                    "Creative Commons Zero v1.0 Universal"),
            "CC-BY-4.0", new ExportLicence("CC-BY-4.0", "https://creativecommons.org/licenses/by/4.0/",
                    "Creative Commons Attribution 4.0 International"),
            "CC-BY-SA-4.0", new ExportLicence("CC-BY-SA-4.0", "https://creativecommons.org/licenses/by-sa/4.0/",
                    "Creative Commons Attribution Share Alike 4.0 International"),
            "ODbL-1.0", new ExportLicence("ODbL-1.0", "https://opendatacommons.org/licenses/odbl/1-0/",
                    "Open Data Commons Open Database License v1.0"),
            "ODC-By-1.0", new ExportLicence("ODC-By-1.0", "https://opendatacommons.org/licenses/by/1-0/",
                    "Open Data Commons Attribution License v1.0"),
            "PDDL-1.0", new ExportLicence("PDDL-1.0", "https://opendatacommons.org/licenses/pddl/1-0/",
                    "Open Data Commons Public Domain Dedication & License 1.0"));

    public ExportLicence {
        if (name == null || !SPDX_ID.matcher(name).matches()) {
            throw new IllegalArgumentException(refusal("the licence id", name));
        }
        if (path == null || path.isBlank() || title == null || title.isBlank()) {
            throw new IllegalArgumentException("a licence needs a path and a title, was path '" + path + "', title '" + title + "'");
        }
    }

    /**
     * The licence of an SPDX id given by the operator under {@code source} (the variable), which the error names: a
     * known id gets its canonical title and text, any other its SPDX page. Ids are matched as SPDX spells them
     * ({@code cc-by-4.0} is {@code CC-BY-4.0}).
     *
     * @throws IllegalArgumentException the value is not an SPDX licence id
     */
    public static ExportLicence of(String source, String id) {
        String trimmed = id == null ? null : id.trim();
        if (trimmed == null || !SPDX_ID.matcher(trimmed).matches()) {
            throw new IllegalArgumentException(refusal(source, id));
        }
        for (ExportLicence known : KNOWN.values()) {
            if (known.name().equalsIgnoreCase(trimmed)) {
                return known;
            }
        }
        return new ExportLicence(trimmed, "https://spdx.org/licenses/" + trimmed + ".html", trimmed);
    }

    /** The licence from the environment ({@value #ENVIRONMENT}), or none when unset or blank. */
    public static Optional<ExportLicence> fromEnvironment(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(of(ENVIRONMENT, value));
    }

    private static String refusal(String source, String value) {
        return source + " must be an SPDX licence id such as CC-BY-4.0, CC0-1.0 or ODbL-1.0 (letters, digits, '.' and '-', "
                + "at most 64; see https://spdx.org/licenses/), was '" + value + "'";
    }
}
