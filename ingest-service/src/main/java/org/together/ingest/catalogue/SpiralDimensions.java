package org.together.ingest.catalogue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.together.ingest.reference.KeyedView;
import org.together.reference.SpiralComponent;
import org.together.reference.SpiralDimension;

/**
 * SPIRAL's nine well-being dimensions (A to I) and their components, as this instance knows them (from the
 * compacted dimensions topic), and the initial content. The coordination team corrects and extends them
 * with {@code PUT /api/v1/spiral-dimensions/{code}}.
 */
public final class SpiralDimensions {

    private final KeyedView<SpiralDimension> dimensions = new KeyedView<>();

    public KeyedView<SpiralDimension> view() {
        return dimensions;
    }

    public boolean isKnown(String code) {
        return dimensions.contains(code);
    }

    /**
     * Names after wikispiral.org's determination key. Components are seeded only where the key's wording is
     * known here; component codes are checked for shape and dimension, not against these lists, so a workshop
     * using a component not listed yet is not turned away.
     */
    public static List<SpiralDimension> seed(Instant now) {
        List<SpiralDimension> seed = new ArrayList<>();
        seed.add(dimension("A", "Access to essential resources", "Accès aux moyens de vie", now,
                component("A00", "Access to essential resources in general", "Accès aux moyens de vie en général"),
                component("A01", "Food / drink", "Alimentation / boisson"),
                component("A02", "Healthcare and medicine", "Soins et médicaments"),
                component("A03", "Housing / furniture", "Logement / mobilier"),
                component("A04", "Clothing", "Habillement"),
                component("A05", "Education / training", "Éducation / formation"),
                component("A06", "Employment / work", "Emploi / travail"),
                component("A07", "Leisure, culture, sports activities", "Loisirs, culture, activités sportives"),
                component("A09", "Home care / personal services", "Aide à domicile / services à la personne"),
                component("A11", "Information / exchange", "Information / échange")));
        seed.add(dimension("B", "Living environment", "Cadre de vie", now,
                component("B00", "Living environment in general", "Cadre de vie en général"),
                component("B02", "Basic infrastructure", "Infrastructures de base")));
        seed.add(dimension("C", "Relations with and between organisations", "Relations avec et entre les organisations", now));
        seed.add(dimension("D", "Personal relations", "Relations personnelles", now));
        seed.add(dimension("E", "Social balance", "Équilibres sociétaux", now));
        seed.add(dimension("F", "Personal balance", "Équilibres personnels", now));
        seed.add(dimension("G", "Feelings of well-being / ill-being", "Sentiments de bien-être / mal-être", now));
        seed.add(dimension("H", "Attitudes and initiatives", "Attitudes et initiatives", now));
        seed.add(dimension("I", "Relations with nature", "Relations avec la nature", now));
        return seed;
    }

    private static SpiralDimension dimension(String code, String en, String fr, Instant now, SpiralComponent... components) {
        return new SpiralDimension(code, names(en, fr), new ArrayList<>(List.of(components)), now);
    }

    private static SpiralComponent component(String code, String en, String fr) {
        return new SpiralComponent(code, names(en, fr));
    }

    private static Map<String, String> names(String en, String fr) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("en", en);
        names.put("fr", fr);
        return names;
    }
}
