package uk.csx.testsupport;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * Publishes practices-service events straight onto {@code practices.events.v1}, as practices-service
 * would, so a consumer's projection can be built in its own tests without that service running.
 */
public final class PracticesEventsFixture {
    public static final String TOPIC = "practices.events.v1";

    private PracticesEventsFixture() {
    }

    public static void send(String type, String subject, String dataJson) {
        publish(TOPIC, "/practices-service", type, subject, dataJson);
    }

    /** Publishes a CloudEvents envelope as a producing service's outbox relay would. */
    public static void publish(String topic, String source, String type, String subject, String dataJson) {
        String envelope = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"" + source + "\",\"type\":\""
                + type + "\",\"subject\":\"" + subject + "\",\"time\":\"" + OffsetDateTime.now() + "\",\"datacontenttype\":\"application/json\",\"data\":"
                + dataJson + "}";
        KafkaTopics.send(topic, subject, envelope);
    }

    /** A CCG with GP practices that are members from 2013 with the given list sizes on 2021-01-01 and weighted populations. */
    public static void ccgWithPractices(String ccg, String[] practices, int[] listSizes, double[] weighted) {
        send("practices.CcgRegistered.v1", ccg, "{\"code\":\"" + ccg + "\",\"name\":\"Test CCG " + ccg + "\",\"kind\":\"CCG\"}");
        for (int i = 0; i < practices.length; i++) {
            String p = practices[i];
            send("practices.PracticeRegistered.v1", p, "{\"code\":\"" + p + "\",\"name\":\"Practice " + p
                    + "\",\"status\":\"A\",\"prescribingSetting\":4}");
            send("practices.MembershipChanged.v1", p, "{\"practiceCode\":\"" + p + "\",\"fromCcgCode\":null,\"toCcgCode\":\"" + ccg
                    + "\",\"toLocalityId\":null,\"effectiveFrom\":\"2013-04-01\",\"effectiveTo\":null}");
            send("practices.ListSizeReported.v1", p, "{\"practiceCode\":\"" + p + "\",\"ccgCode\":\"" + ccg
                    + "\",\"asOf\":\"2021-01-01\",\"patients\":" + listSizes[i] + "}");
            send("practices.WeightedPopulationReported.v1", p, "{\"practiceCode\":\"" + p + "\",\"ccgCode\":\"" + ccg
                    + "\",\"year\":\"2022-23\",\"patients\":" + listSizes[i] + ",\"weightedPopulation\":" + weighted[i] + "}");
        }
    }

    /** An ICB whose sub-ICB locations (registered already) are under it from 2022-07-01, as the July-2022 hierarchy has it. */
    public static void icbOf(String icb, String... subIcbLocations) {
        send("practices.CcgRegistered.v1", icb, "{\"code\":\"" + icb + "\",\"name\":\"Test ICB " + icb + "\",\"kind\":\"ICB\"}");
        for (String code : subIcbLocations) {
            send("practices.CommissionerParentChanged.v1", code, "{\"code\":\"" + code + "\",\"fromParentCode\":null,\"parentCode\":\"" + icb
                    + "\",\"effectiveFrom\":\"2022-07-01\"}");
        }
    }
}
