package uk.csx.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import uk.csx.testsupport.RealInfrastructure;

/** The gateway's tests run against the real PostgreSQL (its client registry) and a fake upstream. */
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "gateway"))
@QuarkusTestResource(FakeUpstream.class)
public class InfrastructureForTests {
}
