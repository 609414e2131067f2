/** A Spring Boot app with the Headway starter: start an article, watch it live in the browser. */
package dev.headway.examples.spring;
