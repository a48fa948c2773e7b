-- A small HR application: departments, employees with their managers, projects and the
-- hours booked on them. Written as an application declares it, no hints, no generators,
-- nothing written for pgmock. The restore test
-- (tests/restore/schema/test_import_realism.py) queries what pgmock makes of it: a few
-- dozen projects beside the employees (not a thousand), planned projects that start in
-- the future and completed ones that ended in the past, hire dates that agree with when
-- the employee's row was created. Written for pgmock's tests (no original).

CREATE TABLE departments (
    id     serial PRIMARY KEY,
    name   varchar(100) NOT NULL UNIQUE,
    budget numeric(12,2)
);

CREATE TABLE employees (
    id            serial PRIMARY KEY,
    department_id int NOT NULL REFERENCES departments(id),
    manager_id    int REFERENCES employees(id),
    first_name    varchar(50) NOT NULL,
    last_name     varchar(50) NOT NULL,
    email         varchar(255) NOT NULL UNIQUE,
    hire_date     date NOT NULL,
    salary        numeric(10,2) NOT NULL CHECK (salary > 0),
    created_at    timestamp NOT NULL DEFAULT now()
);

CREATE TABLE projects (
    id            serial PRIMARY KEY,
    code          varchar(20) NOT NULL UNIQUE,
    name          varchar(200) NOT NULL,
    department_id int REFERENCES departments(id),
    status        varchar(20) NOT NULL DEFAULT 'planned'
                  CHECK (status IN ('planned', 'active', 'on_hold', 'completed', 'cancelled')),
    start_date    date,
    end_date      date,
    CHECK (end_date IS NULL OR end_date >= start_date)
);

CREATE TABLE timesheets (
    id          serial PRIMARY KEY,
    employee_id int NOT NULL REFERENCES employees(id),
    project_id  int NOT NULL REFERENCES projects(id),
    work_date   date NOT NULL,
    hours       numeric(4,2) NOT NULL CHECK (hours > 0 AND hours <= 24),
    note        text,
    UNIQUE (employee_id, project_id, work_date)
);
