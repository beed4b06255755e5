package uk.csx.contracts.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import uk.csx.contracts.events.ContractsEvents;
import uk.csx.contracts.persistence.ServiceLineRepository;
import uk.csx.contracts.persistence.SupplierRepository;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.events.EventPublisher;

/** The service-line catalogue and the supplier register, kept by operators. */
@ApplicationScoped
public class Catalogue {
    private final ServiceLineRepository lines;
    private final SupplierRepository suppliers;
    private final EventPublisher events;

    public Catalogue(ServiceLineRepository lines, SupplierRepository suppliers, EventPublisher events) {
        this.lines = lines;
        this.suppliers = suppliers;
        this.events = events;
    }

    public ServiceLine line(String code) {
        return lines.findByIdOptional(code).orElseThrow(() -> ProblemException.notFound("service line", code));
    }

    public Supplier supplier(String code) {
        return suppliers.findByIdOptional(code).orElseThrow(() -> ProblemException.notFound("supplier", code));
    }

    @Transactional
    public ServiceLine addLine(ServiceLine line) {
        if (lines.findByIdOptional(line.code()).isPresent()) {
            throw ProblemException.conflict("service line " + line.code() + " exists");
        }
        lines.persist(line);
        events.publish(ContractsEvents.SERVICE_LINE_ADDED, line.code(), new ContractsEvents.ServiceLineChanged(line.code(), line.name(), line.group()));
        return line;
    }

    @Transactional
    public ServiceLine retireLine(String code) {
        ServiceLine line = line(code);
        if (!line.retired()) {
            line.retire();
            events.publish(ContractsEvents.SERVICE_LINE_RETIRED, code, new ContractsEvents.ServiceLineChanged(code, line.name(), line.group()));
        }
        return line;
    }

    @Transactional
    public Supplier register(Supplier supplier) {
        if (suppliers.findByIdOptional(supplier.code()).isPresent()) {
            throw ProblemException.conflict("supplier " + supplier.code() + " is registered");
        }
        suppliers.persist(supplier);
        events.publish(ContractsEvents.SUPPLIER_REGISTERED, supplier.code(),
                new ContractsEvents.SupplierRegistered(supplier.code(), supplier.name(), supplier.kind().name()));
        return supplier;
    }
}
