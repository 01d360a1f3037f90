^owed: tests/hostile/newline-in-amount.xml:4: not valid by the schema: .*forged.xml:1: all is well.* is not an amount
