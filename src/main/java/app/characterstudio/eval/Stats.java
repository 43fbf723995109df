package app.characterstudio.eval;

import java.util.List;

/** Means with Student-t 95% intervals, and the paired t-test, for the report. */
public final class Stats {
    private Stats() {
    }

    /**
     * A mean over {@code count} values with the half-width of its 95% interval ({@code mean ± halfWidth}, t with
     * count - 1 degrees of freedom; NaN for fewer than two values).
     */
    public record Mean(double mean, double halfWidth, int count) {
        public double low() {
            return mean - halfWidth;
        }

        public double high() {
            return mean + halfWidth;
        }
    }

    /** A paired comparison: the mean difference (second minus first) with its interval, t and two-sided p. */
    public record Paired(Mean difference, double t, double p) {
    }

    public static Mean mean(List<Double> values) {
        int n = values.size();
        if (n == 0) {
            return new Mean(Double.NaN, Double.NaN, 0);
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
        if (n < 2) {
            return new Mean(mean, Double.NaN, n);
        }
        return new Mean(mean, tCritical95(n - 1) * sd(values, mean) / Math.sqrt(n), n);
    }

    /** Differences {@code second[i] - first[i]} of paired values, tested against 0. */
    public static Paired paired(List<Double> first, List<Double> second) {
        if (first.size() != second.size()) {
            throw new IllegalArgumentException("paired values need the same count: " + first.size() + " and " + second.size());
        }
        List<Double> differences = new java.util.ArrayList<>();
        for (int i = 0; i < first.size(); i++) {
            differences.add(second.get(i) - first.get(i));
        }
        Mean mean = mean(differences);
        int n = differences.size();
        if (n < 2) {
            return new Paired(mean, Double.NaN, Double.NaN);
        }
        double sd = sd(differences, mean.mean());
        if (sd == 0) {
            return new Paired(mean, mean.mean() == 0 ? 0 : Double.POSITIVE_INFINITY * Math.signum(mean.mean()),
                    mean.mean() == 0 ? 1 : 0);
        }
        double t = mean.mean() / (sd / Math.sqrt(n));
        return new Paired(mean, t, twoSidedP(t, n - 1));
    }

    /** P(|T| >= |t|) for Student's t with {@code df} degrees of freedom. */
    public static double twoSidedP(double t, int df) {
        return incompleteBeta(df / (df + t * t), df / 2.0, 0.5);
    }

    /** The t value with 2.5% of the distribution above it. */
    public static double tCritical95(int df) {
        double low = 0;
        double high = 1000;
        for (int i = 0; i < 200; i++) {
            double middle = (low + high) / 2;
            if (twoSidedP(middle, df) > 0.05) {
                low = middle;
            } else {
                high = middle;
            }
        }
        return (low + high) / 2;
    }

    private static double sd(List<Double> values, double mean) {
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / (values.size() - 1));
    }

    /** The regularized incomplete beta function I_x(a, b), by its continued fraction (Lentz). */
    static double incompleteBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
        if (x > (a + 1) / (a + b + 2)) {
            return 1 - front * continuedFraction(1 - x, b, a) / b;
        }
        return front * continuedFraction(x, a, b) / a;
    }

    private static double continuedFraction(double x, double a, double b) {
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = Math.abs(d) < tiny ? tiny : d;
        d = 1 / d;
        double h = d;
        for (int m = 1; m <= 500; m++) {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));
            d = 1 + aa * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));
            d = 1 + aa * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = 1 + aa / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < 1e-15) {
                break;
            }
        }
        return h;
    }

    private static double logGamma(double x) {
        double[] g = {76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155,
            0.1208650973866179e-2, -0.5395239384953e-5};
        double y = x;
        double tmp = x + 5.5;
        tmp -= (x + 0.5) * Math.log(tmp);
        double series = 1.000000000190015;
        for (double coefficient : g) {
            series += coefficient / ++y;
        }
        return -tmp + Math.log(2.5066282746310005 * series / x);
    }
}
