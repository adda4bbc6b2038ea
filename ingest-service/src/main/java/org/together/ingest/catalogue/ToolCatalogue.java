package org.together.ingest.catalogue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.together.ingest.reference.KeyedView;
import org.together.reference.Tool;

/** The tool catalogue as this instance knows it (from the compacted tools topic), and its initial content. */
public final class ToolCatalogue {

    private final KeyedView<Tool> tools = new KeyedView<>();

    public KeyedView<Tool> view() {
        return tools;
    }

    public boolean isKnown(String toolId) {
        return tools.contains(toolId);
    }

    /** The six tools of the project "Together let's learn to make the right choices". */
    public static List<Tool> seed(Instant now) {
        return List.of(
                tool("wellbeing-workshop", "Well-being workshop", "Atelier bien-être", now),
                tool("choices-guide", "Guide to making the right choices", "Guide des bons choix", now),
                tool("footprint-calculator", "Carbon footprint calculator", "Calculateur d'empreinte carbone", now),
                tool("co-evaluation-grid", "Co-evaluation grid", "Grille de co-évaluation", now),
                tool("action-plan", "Action plan", "Plan d'action", now),
                tool("added-value-grid", "Added-value analysis grid", "Grille d'analyse de la valeur ajoutée", now));
    }

    private static Tool tool(String id, String en, String fr, Instant now) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("en", en);
        names.put("fr", fr);
        return new Tool(id, en, names, now);
    }
}
