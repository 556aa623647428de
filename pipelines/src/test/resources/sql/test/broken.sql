select * from bronze.table_that_does_not_exist
