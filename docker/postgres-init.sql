-- One database per service: no service reads another's tables.
CREATE DATABASE practices;
CREATE DATABASE contracts;
CREATE DATABASE billing;
