^owed: tests/hostile/exponent.xml:3: not valid by the schema: .*'1e999999'
