package dev.jdock.cli.reply;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The engine-api record whose JSON a view reads. {@code ReplyViewsTest} checks, for every class in this package that
 * carries it, that each key the view declares (its {@code static final String} constants) is a JSON field name of
 * that record, so renaming a record field fails a test. Read only by that test: at run time neither the annotation
 * nor the record is loaded.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface ViewOf {
    Class<? extends Record> value();
}
