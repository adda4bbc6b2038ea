package org.together.figures.disclosure;

import java.util.List;
import org.apache.commons.math3.optim.MaxIter;
import org.apache.commons.math3.optim.linear.LinearConstraint;
import org.apache.commons.math3.optim.linear.LinearConstraintSet;
import org.apache.commons.math3.optim.linear.LinearObjectiveFunction;
import org.apache.commons.math3.optim.linear.NonNegativeConstraint;
import org.apache.commons.math3.optim.linear.SimplexSolver;
import org.apache.commons.math3.optim.linear.UnboundedSolutionException;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;

/** The reader of the disclosure tests: the least or greatest value a non-negative variable can take under constraints. */
final class LinearBounds {

    private LinearBounds() {
    }

    /** The coefficients picking variable {@code i} of {@code width}. */
    static double[] unit(int width, int i) {
        double[] x = new double[width];
        x[i] = 1;
        return x;
    }

    /** The optimum of variable {@code i}; infinite when nothing bounds it. */
    static double optimum(int width, int i, List<LinearConstraint> constraints, GoalType goal) {
        try {
            return new SimplexSolver().optimize(new MaxIter(100_000), new LinearObjectiveFunction(unit(width, i), 0),
                    new LinearConstraintSet(constraints), goal, new NonNegativeConstraint(true)).getValue();
        } catch (UnboundedSolutionException e) {
            return goal == GoalType.MAXIMIZE ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
    }
}
