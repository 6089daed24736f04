/** The Tradewind runtime. */
package io.tradewind.runtime;
