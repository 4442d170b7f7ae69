package io.llmrouter.cost.feed;

import java.math.BigDecimal;
import java.util.List;

/**
 * The vCPU count and memory of the predefined GCP machine types the router prices. GCP bills N1 and N2
 * machines per vCPU-hour and per GiB-hour, so a machine's hourly price is
 * {@code vCPUs x core price + GiB x RAM price} (n1-standard-2: 2 x core + 7.5 x RAM).
 *
 * <p>Shapes as Google publishes them: n1-standard has 3.75 GiB per vCPU, n1-highmem 6.5, n1-highcpu 0.9;
 * n2-standard has 4 GiB per vCPU. A machine type missing here gets no price; add a line.
 */
final class GcpMachineShapes {

    /** One predefined machine type; {@code series} names the SKU family it is billed from. */
    record Shape(String machineType, String series, BigDecimal vcpus, BigDecimal memoryGib) {
    }

    static final String N1 = "n1";
    static final String N2 = "n2";

    static final List<Shape> SHAPES = List.of(
            shape("n1-standard-1", N1, "1", "3.75"),
            shape("n1-standard-2", N1, "2", "7.5"),
            shape("n1-standard-4", N1, "4", "15"),
            shape("n1-standard-8", N1, "8", "30"),
            shape("n1-standard-16", N1, "16", "60"),
            shape("n1-highmem-2", N1, "2", "13"),
            shape("n1-highmem-4", N1, "4", "26"),
            shape("n1-highmem-8", N1, "8", "52"),
            shape("n1-highcpu-2", N1, "2", "1.8"),
            shape("n1-highcpu-4", N1, "4", "3.6"),
            shape("n1-highcpu-8", N1, "8", "7.2"),
            shape("n2-standard-2", N2, "2", "8"),
            shape("n2-standard-4", N2, "4", "16"),
            shape("n2-standard-8", N2, "8", "32"),
            shape("n2-standard-16", N2, "16", "64"));

    private GcpMachineShapes() {
    }

    static List<Shape> ofSeries(String series) {
        return SHAPES.stream().filter(s -> s.series().equals(series)).toList();
    }

    private static Shape shape(String machineType, String series, String vcpus, String memoryGib) {
        return new Shape(machineType, series, new BigDecimal(vcpus), new BigDecimal(memoryGib));
    }
}
