-- One database per service (and one for the gateway's client registry): none reads another's tables.
CREATE DATABASE practices;
CREATE DATABASE contracts;
CREATE DATABASE billing;
CREATE DATABASE gateway;
