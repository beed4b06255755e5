package uk.csx.billing.domain;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.YearMonth;

/**
 * Runs billing for the month just ended on the configured schedule ({@code csx.billing.schedule},
 * off by default). A run is idempotent, so a schedule beside operator runs bills nothing twice.
 */
@ApplicationScoped
public class MonthlyBillingSchedule {
    private static final Logger LOG = Logger.getLogger(MonthlyBillingSchedule.class);

    private final BillingRuns runs;

    public MonthlyBillingSchedule(BillingRuns runs) {
        this.runs = runs;
    }

    @Scheduled(cron = "{csx.billing.schedule}", identity = "monthly-billing", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void billLastMonth() {
        YearMonth month = YearMonth.now().minusMonths(1);
        LOG.infof("scheduled billing run for %s: %s", month, runs.start(month, false));
    }
}
