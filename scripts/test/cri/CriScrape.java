import dev.jdock.daemon.cri.v1.ListMetricDescriptorsRequest;
import dev.jdock.daemon.cri.v1.ListPodSandboxMetricsRequest;
import dev.jdock.daemon.cri.v1.Metric;
import dev.jdock.daemon.cri.v1.MetricDescriptor;
import dev.jdock.daemon.cri.v1.PodSandboxMetrics;
import dev.jdock.daemon.cri.v1.RuntimeServiceGrpc;
import dev.jdock.daemon.cri.v1.StreamPodSandboxMetricsRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a kubelet with PodAndContainerStatsFromCRI serves on /metrics/cadvisor, for the e2e tests:
 * {@code CriScrape SOCKET [--stream]} calls ListMetricDescriptors, then ListPodSandboxMetrics (StreamPodSandboxMetrics
 * with {@code --stream}), and prints each metric as the kubelet renders it against its descriptor, one line each:
 * {@code POD_ID CONTAINER_ID|- name{key="value",...} value TIMESTAMP_NS}. It exits 2 (the reason on stderr) when a
 * metric is not described, has not one value per label key, or comes twice with the same labels (the kubelet's
 * Prometheus registry refuses such a scrape), or when a descriptor's keys are not sorted.
 */
public final class CriScrape {
    private CriScrape() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: CriScrape SOCKET [--stream]");
            System.exit(64);
        }
        List<String> problems = new ArrayList<>();
        try (CriChannel cri = new CriChannel(args[0])) {
            var rt = RuntimeServiceGrpc.newBlockingStub(cri.channel).withDeadlineAfter(60, TimeUnit.SECONDS);
            Map<String, MetricDescriptor> described = new HashMap<>();
            for (MetricDescriptor d : rt.listMetricDescriptors(ListMetricDescriptorsRequest.getDefaultInstance())
                    .getDescriptorsList()) {
                if (described.put(d.getName(), d) != null) {
                    problems.add("described twice: " + d.getName());
                }
                List<String> sorted = new ArrayList<>(d.getLabelKeysList());
                sorted.sort(null);
                if (!sorted.equals(d.getLabelKeysList())) {
                    problems.add("keys not sorted: " + d.getName() + " " + d.getLabelKeysList());
                }
            }
            System.out.println("# descriptors " + described.size());
            List<PodSandboxMetrics> pods = new ArrayList<>();
            if (args.length > 1 && args[1].equals("--stream")) {
                rt.streamPodSandboxMetrics(StreamPodSandboxMetricsRequest.getDefaultInstance())
                        .forEachRemaining(r -> pods.addAll(r.getPodSandboxMetricsList()));
            } else {
                pods.addAll(rt.listPodSandboxMetrics(ListPodSandboxMetricsRequest.getDefaultInstance())
                        .getPodMetricsList());
            }
            Set<String> seen = new HashSet<>();
            for (PodSandboxMetrics p : pods) {
                System.out.println("# pod " + p.getPodSandboxId());
                print(p.getPodSandboxId(), "-", p.getMetricsList(), described, seen, problems);
                for (var c : p.getContainerMetricsList()) {
                    System.out.println("# container " + p.getPodSandboxId() + " " + c.getContainerId());
                    print(p.getPodSandboxId(), c.getContainerId(), c.getMetricsList(), described, seen, problems);
                }
            }
        }
        problems.forEach(System.err::println);
        System.exit(problems.isEmpty() ? 0 : 2);
    }

    private static void print(String pod, String container, List<Metric> metrics,
            Map<String, MetricDescriptor> described, Set<String> seen, List<String> problems) {
        for (Metric m : metrics) {
            MetricDescriptor d = described.get(m.getName());
            if (d == null) {
                problems.add("not described: " + m.getName());
                continue;
            }
            if (d.getLabelKeysCount() != m.getLabelValuesCount()) {
                problems.add("values " + m.getLabelValuesList() + " for keys " + d.getLabelKeysList() + ": "
                        + m.getName());
                continue;
            }
            StringBuilder line = new StringBuilder(m.getName()).append('{');
            for (int i = 0; i < d.getLabelKeysCount(); i++) {
                line.append(i == 0 ? "" : ",").append(d.getLabelKeys(i)).append("=\"").append(m.getLabelValues(i))
                        .append('"');
            }
            line.append('}');
            if (!seen.add(line.toString())) {
                problems.add("twice: " + line);
            }
            System.out.println(pod + " " + container + " " + line + " "
                    + Long.toUnsignedString(m.getValue().getValue()) + " " + m.getTimestamp());
        }
    }
}
