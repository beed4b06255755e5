package uk.csx.practices.domain;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import uk.csx.platform.api.ProblemException;
import uk.csx.platform.events.EventPublisher;
import uk.csx.practices.events.PracticesEvents;
import uk.csx.practices.persistence.CommissionerRepository;

/** Registers and reads commissioners; every change publishes its event in the same transaction. */
@ApplicationScoped
public class Commissioners {
    private final CommissionerRepository repository;
    private final EventPublisher events;

    public Commissioners(CommissionerRepository repository, EventPublisher events) {
        this.repository = repository;
        this.events = events;
    }

    @Transactional
    public Commissioner register(Commissioner commissioner) {
        if (repository.findByIdOptional(commissioner.code()).isPresent()) {
            throw ProblemException.conflict("commissioner " + commissioner.code() + " already exists");
        }
        repository.persist(commissioner);
        events.publish(PracticesEvents.CCG_REGISTERED, commissioner.code(),
                new PracticesEvents.CcgRegistered(commissioner.code(), commissioner.name(),
                        commissioner.kind().name(), commissioner.openDate(), commissioner.closeDate()));
        return commissioner;
    }

    public Commissioner get(String code) {
        return repository.findByIdOptional(code).orElseThrow(() -> ProblemException.notFound("CCG", code));
    }
}
