/** The Tradewind definition language: records, parser and validator. */
package io.tradewind.model;
