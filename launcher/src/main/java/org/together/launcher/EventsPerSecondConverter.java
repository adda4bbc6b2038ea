package org.together.launcher;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A sending rate in events per second: a finite number above 0. Refused while the command line is read, so that
 * {@code run --demo --demo-rate -5} stops before the broker starts, naming the flag (picocli adds it).
 */
public final class EventsPerSecondConverter implements ITypeConverter<Double> {

    static final String RULE = "a rate is a number of events per second above 0, e.g. 50 or 0.5";

    @Override
    public Double convert(String value) {
        try {
            double rate = Double.parseDouble(value.strip());
            if (rate > 0 && Double.isFinite(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // reported below with the rule
        }
        throw new TypeConversionException("'" + value + "' is not a rate: " + RULE);
    }
}
