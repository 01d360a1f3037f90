^owed: tests/hostile/xinclude.xml:4: not valid by the schema: .*title
