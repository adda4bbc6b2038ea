package org.together.figures;

import java.util.List;

/** How footprint assessments are counted: exact sums in kilograms, the 2 t goal, the bands of the distribution. */
public final class Footprints {

    /** The network's climate goal: under 2 t CO2e per person per year (strictly). */
    public static final double TARGET_TONNES = 2.0;
    /** Lower bounds of the distribution's bands, in t CO2e per year: [0, 1), [1, 2), … [12, ∞). */
    public static final List<Double> BAND_FLOORS = List.of(0.0, 1.0, 2.0, 4.0, 6.0, 8.0, 12.0);
    /** The parts of a footprint's breakdown, as the contract names them. */
    public static final List<String> DOMAINS = List.of("food", "housing", "mobility", "goods", "publicServices");

    private Footprints() {
    }

    /** Tonnes as whole kilograms: sums of kilograms are exact, whatever the order they are added in. */
    public static long kilograms(double tonnes) {
        return Math.round(tonnes * 1000);
    }

    public static boolean underTarget(double tonnes) {
        return tonnes < TARGET_TONNES;
    }

    /** The band of {@link #BAND_FLOORS} an assessment falls in. */
    public static int band(double tonnes) {
        int band = 0;
        for (int i = 1; i < BAND_FLOORS.size(); i++) {
            if (tonnes >= BAND_FLOORS.get(i)) {
                band = i;
            }
        }
        return band;
    }
}
