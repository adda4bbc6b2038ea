package org.together.figures;

import java.util.List;

/** SPIRAL's nine well-being dimensions, A (access to essential resources) to I; always reported, in this order. */
public final class SpiralDimensions {

    public static final List<String> CODES = List.of("A", "B", "C", "D", "E", "F", "G", "H", "I");

    private SpiralDimensions() {
    }
}
